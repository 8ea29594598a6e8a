//! The CSV export: rows in the view's rank order with the page's figures, comment lines that
//! carry the view, and fields that survive any name.

use ai_cities_index::domain::bands::{Band, MethodChoice};
use ai_cities_index::domain::dataset::{Dataset, Direction, Transform};
use ai_cities_index::domain::export::{ExportRequest, view_csv};
use ai_cities_index::domain::score::{IndicatorScores, NameOrder, Weights, rank};

mod common;
use common::{dataset, indicator};

const COMMITTED: &str = include_str!("../public/data/cities.json");

fn request(dataset: &Dataset) -> ExportRequest {
    let sliders = dataset.default_weights();
    ExportRequest {
        weights: sliders.iter().map(|&w| f64::from(w)).collect(),
        sliders,
        method: MethodChoice::of(Default::default()),
        min_coverage: 0.5,
        members: (0..dataset.cities().len() as u32).collect(),
        bands: Vec::new(),
        url: "https://example.org/ai-cities/?p=research".into(),
    }
}

/// The comment lines and the records of `text`.
fn read(text: &str) -> (Vec<&str>, Vec<csv::StringRecord>) {
    let comments = text.lines().take_while(|l| l.starts_with('#')).collect();
    let records = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .expect("the export reads back as CSV");
    (comments, records)
}

#[test]
fn the_export_lists_the_bundled_cities_in_the_views_rank_order_with_the_pages_figures() {
    let data = Dataset::from_json(COMMITTED).expect("the committed dataset");
    let request = request(&data);
    let text = view_csv(&data, &request).expect("a CSV");
    let (comments, records) = read(&text);
    assert!(
        comments
            .iter()
            .any(|l| l.contains("https://example.org/ai-cities/?p=research"))
    );
    assert!(
        comments
            .iter()
            .any(|l| l.starts_with("# Method: Min–max; Arithmetic mean"))
    );
    assert!(
        comments
            .iter()
            .any(|l| l.starts_with("# top: ") && l.contains("Licence:"))
    );

    let table = IndicatorScores::compute(data.indicators(), data.cities());
    let weights = Weights::from_values(request.weights.iter().copied());
    let ranking = rank(
        &table,
        &weights,
        &NameOrder::new(data.cities()),
        0..data.cities().len(),
        0.5,
    );
    assert_eq!(records.len(), ranking.entries.len());
    for (record, entry) in records.iter().zip(&ranking.entries) {
        assert_eq!(&record[1], data.cities()[entry.city].name);
        assert_eq!(
            record[0],
            entry.rank.map(|r| r.to_string()).unwrap_or_default()
        );
        assert_eq!(
            record[3],
            entry.score.map(|s| format!("{s:.1}")).unwrap_or_default()
        );
        assert_eq!(record.len(), 9 + 3 * data.indicators().len());
    }
}

#[test]
fn names_with_commas_quotes_and_newlines_are_fields_not_structure() {
    let mut data = dataset(
        vec![indicator("a", Direction::HigherIsBetter, Transform::Linear)],
        vec![("Plain", vec![Some(1.0)]), ("Other", vec![Some(2.0)])],
    );
    let mut raw = data.raw().clone();
    raw.cities[0].name = "Foo, \"Bar\"\nBaz".into();
    raw.sources[0].name = "A source\n# not a comment".into();
    data = Dataset::validate(raw).expect("still valid");
    let mut request = request(&data);
    request.bands = vec![
        None,
        Some(Band {
            city: 1,
            best: 1,
            median: 1,
            worst: 2,
            first_share: 0.9,
            ranked_share: 1.0,
        }),
    ];
    let text = view_csv(&data, &request).expect("a CSV");
    let (comments, records) = read(&text);
    assert!(comments.iter().all(|l| l.starts_with("# ")));
    assert!(!text.contains("\n# not a comment"));
    let names: Vec<&str> = records.iter().map(|r| &r[1]).collect();
    assert_eq!(names, ["Other", "Foo, \"Bar\"\nBaz"]);
    assert_eq!(
        (&records[0][6], &records[0][7], &records[0][8]),
        ("1", "1", "2")
    );
    assert_eq!(&records[1][6], "");
}
