//! The methodology and sources of a dataset, as the HTML of the methodology panel's body: how the
//! index is computed, each indicator with its source, licence and caveats, the sources and the
//! seed articles.
//!
//! The analysis worker writes it, so that the page's first view does not carry the code of a
//! panel that few open. Every piece of text is escaped, and a link is written only for an
//! `http` or `https` address, so a user's own file can put no markup and no script on the page.

use super::dataset::{Dataset, Direction, Kind, MethodInsert, Scope, Transform};
use super::html::{element, escape, link, list};

/// What a methodology section lists from the dataset.
fn insert(out: &mut String, dataset: &Dataset, insert: MethodInsert) {
    match insert {
        MethodInsert::DefaultWeights => {
            out.push_str("<ul>");
            for indicator in dataset.indicators().iter().filter(|i| i.default_weight > 0) {
                out.push_str("<li>");
                element(out, "strong", "", &indicator.label);
                out.push_str(&escape(&format!(", weight {}", indicator.weight_reason)));
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        MethodInsert::TopLists => {
            let lists: Vec<String> = dataset
                .indicators()
                .iter()
                .filter_map(|i| match i.kind {
                    Kind::TopList { size } => Some(format!(
                        "{}: {} First place scores {size} points, last place 1, and a city not on the list 0.",
                        i.label, i.description
                    )),
                    Kind::Count | Kind::Measure => None,
                })
                .collect();
            list(out, "", lists.iter().map(String::as_str));
        }
        MethodInsert::Population => {
            if let Some(population) = &dataset.raw().population {
                let source = dataset
                    .source(&population.source)
                    .map(|s| format!("{} (licence {})", s.name, s.licence))
                    .unwrap_or_default();
                element(
                    out,
                    "p",
                    "",
                    &format!(
                        "Population: {} Why this figure: {} Source: {source}.",
                        population.definition, population.reason
                    ),
                );
                list(
                    out,
                    "method__caveats",
                    population.caveats.iter().map(String::as_str),
                );
            }
        }
    }
}

/// The body of the methodology panel for `dataset`, as HTML.
pub fn to_html(dataset: &Dataset) -> String {
    let mut out = String::new();
    for section in &dataset.raw().methodology {
        element(&mut out, "h3", "", &section.heading);
        for paragraph in &section.paragraphs {
            if !paragraph.text.is_empty() {
                element(&mut out, "p", "", &paragraph.text);
            }
            if let Some(formula) = &paragraph.formula {
                out.push_str("<p class=\"method__formula\">");
                element(&mut out, "code", "", formula);
                out.push_str("</p>");
            }
        }
        if let Some(what) = section.insert {
            insert(&mut out, dataset, what);
        }
    }

    element(&mut out, "h3", "", "Indicators");
    out.push_str("<ul class=\"method__indicators\">");
    for indicator in dataset.indicators() {
        let how = format!(
            "{}{}{}",
            match indicator.transform {
                Transform::Log => "log scale, ",
                Transform::Linear => "",
            },
            match indicator.direction {
                Direction::HigherIsBetter => "higher is better",
                Direction::LowerIsBetter => "lower is better",
            },
            match indicator.scope {
                Scope::National => "; national figure",
                Scope::City => "; city figure",
            },
        );
        out.push_str("<li class=\"method__indicator\">");
        element(&mut out, "h4", "", &indicator.label);
        element(
            &mut out,
            "p",
            "",
            &format!(
                "{} Unit: {}. Period: {}. {how}.",
                indicator.description, indicator.unit, indicator.period
            ),
        );
        element(
            &mut out,
            "p",
            "",
            &format!("Default weight {}", indicator.weight_reason),
        );
        out.push_str("<p>Source: ");
        if let Some(source) = dataset.source(&indicator.source) {
            link(&mut out, &source.url, &source.name);
            out.push_str(&escape(&format!(" (licence: {}).", source.licence)));
        }
        out.push_str("</p>");
        list(
            &mut out,
            "method__caveats",
            indicator.caveats.iter().map(String::as_str),
        );
        out.push_str("</li>");
    }
    out.push_str("</ul>");

    element(&mut out, "h3", "", "Sources and credits");
    out.push_str("<ul>");
    for source in dataset.sources() {
        out.push_str("<li>");
        link(&mut out, &source.url, &source.name);
        out.push_str(&escape(&format!(
            ". Licence: {}. {}. {} Retrieved {}.",
            source.licence, source.revision, source.usage, source.retrieved
        )));
        out.push_str("</li>");
    }
    out.push_str("</ul>");

    element(&mut out, "h3", "", "Seed articles");
    element(
        &mut out,
        "p",
        "",
        "The articles the project started from. Their statements appear as cited quotes, not as facts.",
    );
    out.push_str("<ul>");
    for article in dataset.articles() {
        out.push_str("<li>");
        out.push_str(&escape(&format!("{}: ", article.id)));
        out.push_str("<cite>");
        match &article.url {
            Some(url) => link(&mut out, url, &article.title),
            None => out.push_str(&escape(&article.title)),
        }
        out.push_str("</cite>");
        let cities = if article.city_list.is_empty() {
            "names no cities"
        } else {
            "has a city list"
        };
        out.push_str(&escape(&format!(
            ", {}, {}; {cities}.",
            article.publisher, article.published
        )));
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::synthetic;

    #[test]
    fn markup_in_the_data_is_text_and_only_web_addresses_are_links() {
        let dataset = synthetic::with_markup();
        let html = to_html(&dataset);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn every_indicator_and_source_is_listed() {
        let dataset = synthetic::generate(3, 4, 1);
        let html = to_html(&dataset);
        assert_eq!(
            html.matches("<li class=\"method__indicator\">").count(),
            dataset.indicators().len()
        );
        for source in dataset.sources() {
            assert!(html.contains(&escape(&source.name)));
        }
    }
}
