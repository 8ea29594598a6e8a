//! The document part of a city's detail, as HTML: the chart of what each weighted indicator scores
//! and adds, every indicator's raw value with its period, scope and source, and the background
//! that the whole dataset adds (the catchment, the population, the institutions behind the
//! research count, and the seed articles' quotes).
//!
//! The page sets these as the detail's markup. Written as text here, they cost the page's
//! WebAssembly a fraction of what a reactive view of every cell costs (the design decisions in
//! the README give the figures). The controls around them (closing the detail, the rank band, the
//! best and worst ranks, the comparison) stay views of their own. Every piece of text is
//! escaped, and a link is written only for a web address.

use super::compare::{Pair, explain};
use super::dataset::{City, Dataset, Scope};
use super::format::{fixed, format_score, format_value, value_text};
use super::html::{element, escape, group_class, link, web_address};
use super::score::{Basis, IndicatorScores};

/// Appends a row's header cell holding `text`.
fn row_header(out: &mut String, text: &str) {
    out.push_str("<th scope=\"row\">");
    out.push_str(&escape(text));
    out.push_str("</th>");
}

/// What a city's figures are written from: the dataset, its 0–100 scores under the view's
/// method, the view's weights and what each indicator adds under them.
pub struct Figures<'a> {
    /// The dataset the city belongs to.
    pub dataset: &'a Dataset,
    /// Every city's 0–100 score on every indicator.
    pub table: &'a IndicatorScores,
    /// The view's slider weights, one per indicator.
    pub sliders: &'a [u8],
    /// The points each indicator adds to the city's score, one per indicator
    /// ([`super::score::contributions`]).
    pub contributions: &'a [Option<f64>],
    /// Whether counts are per head.
    pub basis: Basis,
    /// The city's index in the dataset.
    pub city: usize,
}

impl Figures<'_> {
    /// The score text of the city on indicator `column`, or "no data".
    fn score(&self, column: usize) -> String {
        self.table
            .get(self.city, column)
            .map_or_else(|| "no data".into(), format_score)
    }

    /// The rows of the chart: one per weighted indicator, with its score as a bar and a number,
    /// and the points it adds. A missing score is an empty bar and "no data".
    pub fn chart_rows(&self) -> String {
        let mut out = String::new();
        for (column, indicator) in self.dataset.indicators().iter().enumerate() {
            if self.sliders.get(column).is_none_or(|&w| w == 0) {
                continue;
            }
            let score = self.table.get(self.city, column);
            out.push_str("<tr data-group=\"");
            out.push_str(group_class(indicator.group));
            out.push('"');
            if score.is_none() {
                out.push_str(" class=\"is-missing\"");
            }
            out.push('>');
            row_header(&mut out, &indicator.label);
            // A bar drawn by SVG geometry, not by a style attribute, which the page's
            // Content-Security-Policy does not allow in markup.
            out.push_str("<td class=\"detail__bar-cell\"><svg class=\"detail__bar\" aria-hidden=\"true\"><rect height=\"100%\" width=\"");
            out.push_str(&fixed(score.unwrap_or(0.0).clamp(0.0, 100.0), 1));
            out.push_str("%\"></rect></svg>");
            element(&mut out, "span", "num", &self.score(column));
            out.push_str("</td>");
            let adds = match self.contributions.get(column).copied().flatten() {
                Some(points) => format!("+{}", format_score(points)),
                None => "–".into(),
            };
            element(&mut out, "td", "num", &adds);
            out.push_str("</tr>");
        }
        out
    }

    /// The rows of the table of every indicator: its raw value (with the company-HQ split where
    /// there is one), period, scope, score, weight, the points it adds and its source.
    pub fn table_rows(&self) -> String {
        let dataset = self.dataset;
        written(dataset, self.city, |info, out| {
            for (column, indicator) in dataset.indicators().iter().enumerate() {
                let raw = info.values.get(column).copied().flatten();
                out.push_str(if raw.is_none() {
                    "<tr class=\"is-missing\">"
                } else {
                    "<tr>"
                });
                row_header(out, &indicator.label);
                out.push_str("<td>");
                out.push_str(&escape(&value_text(indicator, info, column, self.basis)));
                let company_hq = info.placed_at_company_hq.get(column).copied().flatten();
                if let Some((hq, total)) = company_hq.zip(raw) {
                    let split = format!(
                        "{} placed by site, {} by the company-HQ rule",
                        format_value(((total - hq) * 100.0).round() / 100.0),
                        format_value(hq)
                    );
                    element(out, "span", "detail__split", &split);
                }
                out.push_str("</td>");
                element(out, "td", "", &indicator.period);
                let scope = match indicator.scope {
                    Scope::City => "city",
                    Scope::National => "national",
                };
                element(out, "td", "", scope);
                element(out, "td", "num", &self.score(column));
                let weight = self.sliders.get(column).copied().unwrap_or(0);
                element(out, "td", "num", &weight.to_string());
                let adds = self
                    .contributions
                    .get(column)
                    .copied()
                    .flatten()
                    .map_or_else(|| "no data".into(), format_score);
                element(out, "td", "num", &adds);
                out.push_str("<td>");
                if let Some(source) = dataset.source(&indicator.source) {
                    link(out, &source.url, &source.name);
                }
                out.push_str("</td></tr>");
            }
        })
    }
}

/// What `write` appends for the city `city` of `dataset`; nothing for a city not in it.
fn written(dataset: &Dataset, city: usize, write: impl FnOnce(&City, &mut String)) -> String {
    let mut out = String::new();
    if let Some(info) = dataset.cities().get(city) {
        write(info, &mut out);
    }
    out
}

/// The notes above the chart: what the city's catchment is, and its population with the source.
pub fn notes(dataset: &Dataset, city: usize) -> String {
    written(dataset, city, |info, out| {
        if let Some(note) = &info.catchment_note {
            element(out, "p", "detail__note", note);
        }
        if let Some(meta) = &dataset.raw().population {
            let mut figure = match info.population {
                Some(people) => format!(
                    "Population of the 50 km catchment, {}: {}",
                    meta.year,
                    format_value(people)
                ),
                None => format!(
                    "Population of the 50 km catchment, {}: no data, so no per-capita figures",
                    meta.year
                ),
            };
            if let Some(parts) = &info.population_components {
                figure.push_str(&format!(" ({parts})"));
            }
            out.push_str("<p class=\"detail__note\">");
            out.push_str(&escape(&figure));
            if let Some(source) = dataset.source(&meta.source) {
                out.push_str(". Source: ");
                link(out, &source.url, &source.name);
                out.push_str(&escape(&format!(", licence {}.", source.licence)));
            }
            out.push_str("</p>");
        }
    })
}

/// The evidence below the comparison: the institutions that the research count rests on, and
/// the seed articles' quotes about the city, each attributed to its article as its claim.
pub fn evidence(dataset: &Dataset, city: usize) -> String {
    written(dataset, city, |info, out| {
        let counted = dataset.raw().institutions.as_ref().and_then(|meta| {
            dataset
                .indicators()
                .iter()
                .find(|indicator| indicator.id == meta.indicator)
        });
        if let Some(counted) = counted.filter(|_| !info.institutions.is_empty()) {
            out.push_str("<h3>What its research count rests on</h3>");
            out.push_str("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Institutions behind the research count\"><table class=\"detail__table\">");
            let caption = format!(
                "The institutions that contribute most to “{}”, in fractional papers, and how each was placed in the city",
                counted.label
            );
            element(out, "caption", "", &caption);
            out.push_str("<thead><tr><th scope=\"col\">Institution</th><th scope=\"col\">Country</th><th scope=\"col\">Papers</th><th scope=\"col\">Placed by</th></tr></thead><tbody>");
            for row in &info.institutions {
                out.push_str("<tr>");
                row_header(out, &row.institution);
                element(out, "td", "", &row.country);
                element(out, "td", "num", &format_value(row.papers));
                element(out, "td", "", row.placed_by.label());
                out.push_str("</tr>");
            }
            if let Some(papers) = info.other_institutions_papers {
                out.push_str("<tr><th scope=\"row\">All other institutions</th><td></td>");
                element(out, "td", "num", &format_value(papers));
                out.push_str("<td></td></tr>");
            }
            out.push_str("</tbody></table></div>");
        }
        if !info.facts.is_empty() {
            out.push_str("<h3>What the seed articles say</h3><div class=\"detail__facts\">");
            for fact in &info.facts {
                let article = dataset.article(&fact.article);
                let citation = article
                    .map(|a| format!("{}, {} ({})", a.title, a.publisher, a.published))
                    .unwrap_or_else(|| format!("seed article {}", fact.article));
                let url = article.and_then(|a| a.url.as_deref()).unwrap_or_default();
                out.push_str("<figure class=\"fact\">");
                out.push_str("<blockquote");
                if let Some(url) = web_address(url) {
                    out.push_str(" cite=\"");
                    out.push_str(&escape(url));
                    out.push('"');
                }
                out.push('>');
                out.push_str(&escape(&format!("“{}”", fact.quote)));
                out.push_str("</blockquote>");
                out.push_str("<figcaption>The article’s claim, not checked by us: <cite>");
                link(out, url, &citation);
                out.push_str("</cite></figcaption></figure>");
            }
            out.push_str("</div>");
        }
    })
}

/// Two cities side by side: the sentence on what decides their order, then what each weighted
/// indicator adds to each city's score and the first city's lead.
pub fn comparison(dataset: &Dataset, pair: &Pair, names: (&str, &str)) -> String {
    let mut out = String::new();
    element(
        &mut out,
        "p",
        "detail__explain",
        &explain(pair, names, dataset.indicators()),
    );
    out.push_str("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"The two cities indicator by indicator\"><table class=\"detail__table\"><caption>What each weighted indicator adds to each city's score, in points, and the first city's lead</caption><thead><tr><th scope=\"col\">Indicator</th>");
    for name in [names.0, names.1] {
        out.push_str("<th scope=\"col\">");
        out.push_str(&escape(name));
        out.push_str("</th>");
    }
    out.push_str("<th scope=\"col\">Lead</th></tr></thead><tbody>");
    let points = |part: Option<f64>| part.map_or_else(|| "no data".into(), format_score);
    for part in &pair.parts {
        let Some(indicator) = dataset.indicators().get(part.indicator) else {
            continue;
        };
        out.push_str("<tr>");
        row_header(&mut out, &indicator.label);
        element(&mut out, "td", "num", &points(part.first));
        element(&mut out, "td", "num", &points(part.second));
        let lead = part.lead();
        let sign = if lead >= 0.0 { "+" } else { "−" };
        element(
            &mut out,
            "td",
            "num",
            &format!("{sign}{}", format_score(lead.abs())),
        );
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::compare::pair;
    use crate::domain::score::{Weights, contributions};
    use crate::domain::synthetic;

    #[test]
    fn markup_in_the_data_is_text_and_only_web_addresses_are_links() {
        let dataset = synthetic::with_markup();
        let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
        let sliders = vec![1; dataset.indicators().len()];
        let parts = contributions(&table, &Weights::from_sliders(&sliders), 0);
        let figures = Figures {
            dataset: &dataset,
            table: &table,
            sliders: &sliders,
            contributions: &parts,
            basis: Basis::Absolute,
            city: 0,
        };
        let names = (
            dataset.cities()[0].name.as_str(),
            dataset.cities()[1].name.as_str(),
        );
        let compared = pair(&table, &Weights::from_sliders(&sliders), 0, 1);
        let html = [
            figures.chart_rows(),
            figures.table_rows(),
            notes(&dataset, 0),
            evidence(&dataset, 0),
            comparison(&dataset, &compared, names),
        ]
        .concat();
        for markup in ["<script", "<img", "<b ", "<iframe", "<svg onload"] {
            assert!(!html.contains(markup), "{markup} in {html}");
        }
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(!html.contains("cite=\"javascript"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<blockquote>“&lt;/blockquote&gt;"), "{html}");
    }

    #[test]
    fn the_chart_has_a_row_per_weighted_indicator_with_its_score_as_the_bar() {
        let dataset = synthetic::generate(6, 4, 9);
        let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
        let sliders = [3, 0, 1, 0];
        let parts = contributions(&table, &Weights::from_sliders(&sliders), 2);
        let figures = Figures {
            dataset: &dataset,
            table: &table,
            sliders: &sliders,
            contributions: &parts,
            basis: Basis::Absolute,
            city: 2,
        };
        let chart = figures.chart_rows();
        assert_eq!(chart.matches("<tr").count(), 2, "{chart}");
        for column in [0, 2] {
            let width = table
                .get(2, column)
                .map_or_else(|| "0.0".into(), |score| fixed(score, 1));
            assert!(chart.contains(&format!("width=\"{width}%\"")), "{chart}");
        }
        assert_eq!(
            figures.table_rows().matches("<tr").count(),
            dataset.indicators().len()
        );
    }
}
