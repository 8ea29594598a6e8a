//! The CSV export and the picture: rows in the view's rank order with the page's figures,
//! lines that carry the view, and fields that survive any name.

use ai_cities_index::domain::bands::{Band, MethodChoice};
use ai_cities_index::domain::dataset::{Dataset, Direction, RawDataset, Transform};
use ai_cities_index::domain::export::{ExportFormat, ExportRequest, view_csv};
use ai_cities_index::domain::picture::{PICTURE_ROWS, view_svg};
use ai_cities_index::domain::score::{IndicatorScores, NameOrder, Ranking, Weights, rank};

mod common;
use common::{dataset, indicator};

const COMMITTED: &str = include_str!("../public/data/cities.json");

fn request(dataset: &Dataset) -> ExportRequest {
    let sliders = dataset.default_weights();
    ExportRequest {
        format: ExportFormat::Csv,
        weights: sliders.iter().map(|&w| f64::from(w)).collect(),
        sliders,
        method: MethodChoice::of(Default::default()),
        min_coverage: 0.5,
        members: (0..dataset.cities().len() as u32).collect(),
        bands: Vec::new(),
        url: "https://example.org/ai-cities/?p=research".into(),
    }
}

/// Two cities on one indicator, with `change` made to them.
fn two_cities(change: impl FnOnce(&mut RawDataset)) -> Dataset {
    let data = dataset(
        vec![indicator("a", Direction::HigherIsBetter, Transform::Linear)],
        vec![("Plain", vec![Some(1.0)]), ("Other", vec![Some(2.0)])],
    );
    let mut raw = data.raw().clone();
    change(&mut raw);
    Dataset::validate(raw).expect("still valid")
}

/// The ranking of every city under `request`'s weights, as the pure core ranks it by default:
/// what an export must list.
fn ranked_by_the_core(data: &Dataset, request: &ExportRequest) -> Ranking {
    let table = IndicatorScores::compute(data.indicators(), data.cities());
    let weights = Weights::from_values(request.weights.iter().copied());
    let order = NameOrder::new(data.cities());
    rank(&table, &weights, &order, 0..data.cities().len(), 0.5)
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

    let ranking = ranked_by_the_core(&data, &request);
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
    let data = two_cities(|raw| {
        raw.cities[0].name = "Foo, \"Bar\"\nBaz".into();
        raw.sources[0].name = "A source\n# not a comment".into();
    });
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

/// The list rows of a picture: each one's city id, rank, name and score text.
fn picture_rows(svg: &str) -> Vec<[String; 4]> {
    let document = roxmltree::Document::parse(svg).expect("the picture is well-formed XML");
    let field = |row: roxmltree::Node, name: &str| {
        row.descendants()
            .find(|n| n.attribute("data-field") == Some(name))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_owned()
    };
    document
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("data-city-id").is_some())
        .map(|row| {
            [
                row.attribute("data-city-id").unwrap_or_default().to_owned(),
                field(row, "rank"),
                field(row, "city"),
                field(row, "score"),
            ]
        })
        .collect()
}

#[test]
fn the_picture_lists_the_top_of_the_views_ranking_with_its_link_and_sources() {
    let data = Dataset::from_json(COMMITTED).expect("the committed dataset");
    let mut request = request(&data);
    request.format = ExportFormat::Svg;
    let land = std::fs::read_to_string("public/data/land.svg").expect("the land");
    let svg = view_svg(&data, &request, &land);
    let ranking = ranked_by_the_core(&data, &request);
    let expected: Vec<[String; 4]> = ranking
        .entries
        .iter()
        .take(PICTURE_ROWS)
        .map(|e| {
            let city = &data.cities()[e.city];
            [
                city.id.clone(),
                e.rank.map(|r| r.to_string()).unwrap_or_default(),
                city.name.clone(),
                e.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            ]
        })
        .collect();
    assert_eq!(picture_rows(&svg), expected);
    assert!(svg.contains("View: https://example.org/ai-cities/?p=research"));
    assert!(svg.contains("Sources: "));
    assert!(svg.matches("<circle").count() == data.cities().len());
    assert!(svg.contains("<path fill=\"#c9d3de\""), "the land is drawn");
}

#[test]
fn a_picture_of_names_full_of_markup_is_well_formed_and_shows_them_as_text() {
    let data = two_cities(|raw| {
        raw.cities[0].name = "<script>alert(1)</script> & \"x\"".into();
        raw.cities[1].country_name = "<b>bold</b>".into();
    });
    let svg = view_svg(&data, &request(&data), "");
    let names: Vec<String> = picture_rows(&svg)
        .into_iter()
        .map(|[_, _, name, _]| name)
        .collect();
    assert!(names.contains(&"<script>alert(1)</script> & \"x\"".to_owned()));
    assert!(!svg.contains("<script") && !svg.contains("<b>"));
}
