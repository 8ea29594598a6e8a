//! Writing HTML and SVG from data as text: every piece of text is escaped, and a link is written
//! only for an `http` or `https` address, so a user's own file can put no markup and no script on
//! the page or in an export.

use super::dataset::Group;

/// `text` as it may stand in HTML or SVG text, or in a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0; a user's file may hold them.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Appends `<tag class="class">text</tag>`, the text escaped; no class attribute when `class`
/// is empty.
pub fn element(out: &mut String, tag: &str, class: &str, text: &str) {
    out.push('<');
    out.push_str(tag);
    if !class.is_empty() {
        out.push_str(" class=\"");
        out.push_str(class);
        out.push('"');
    }
    out.push('>');
    out.push_str(&escape(text));
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// `url` without surrounding space, if it is a web address (`http` or `https`): the only
/// addresses the page links to, so that data cannot make a link run script.
pub fn web_address(url: &str) -> Option<&str> {
    let url = url.trim();
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

/// Appends `text` as a link to `url`, or as plain text when `url` is not a web address.
pub fn link(out: &mut String, url: &str, text: &str) {
    if let Some(url) = web_address(url) {
        out.push_str("<a href=\"");
        out.push_str(&escape(url));
        out.push_str("\" rel=\"external noopener\">");
        out.push_str(&escape(text));
        out.push_str("</a>");
    } else {
        out.push_str(&escape(text));
    }
}

/// Appends a `<ul>` of `items`, each as escaped text.
pub fn list<'a>(out: &mut String, class: &str, items: impl IntoIterator<Item = &'a str>) {
    if class.is_empty() {
        out.push_str("<ul>");
    } else {
        out.push_str("<ul class=\"");
        out.push_str(class);
        out.push_str("\">");
    }
    for item in items {
        element(out, "li", "", item);
    }
    out.push_str("</ul>");
}

/// The `data-group` value that gives an indicator group its colour in the page's style sheet.
pub fn group_class(group: Group) -> &'static str {
    match group {
        Group::Research => "research",
        Group::Industry => "industry",
        Group::TalentAndJobs => "talent",
        Group::CountryContext => "country",
        Group::Recognition => "recognition",
        Group::Other => "other",
    }
}
