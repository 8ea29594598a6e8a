//! A user's own file: what a good one becomes, the precise problem each kind of bad one gives,
//! and 100,000 mutated files that must each give a dataset or a refusal, never a panic.

use ai_cities_index::domain::dataset::{Direction, Region, Transform};
use ai_cities_index::domain::score::{IndicatorScores, NameOrder, Weights, rank};
use ai_cities_index::domain::synthetic::SplitMix64;
use ai_cities_index::domain::upload::{
    Location, MAX_UPLOAD_BYTES, Refusal, SHOWN_PROBLEMS, read_upload,
};

const GOOD_CSV: &str = "\
name,country,lat,lon,papers,rent
#direction,,,,higher,lower
#transform,,,,log,linear
#unit,,,,papers,euros per m²
#source,,,,OpenAlex 2024,City rent survey
#weight,,,,3,1
#preset Research only,,,,5,0
Berlin,Germany,52.52,13.40,1234,18.5
Lisbon,Portugal,38.72,-9.14,310,
Tartu,Estonia,58.38,26.72,95,9.1
";

const GOOD_JSON: &str = r#"{
  "indicators": [
    { "name": "papers", "direction": "higher", "transform": "log", "weight": 3 },
    { "name": "rent", "direction": "lower", "unit": "euros per m²" }
  ],
  "places": [
    { "name": "Berlin", "country": "Germany", "lat": 52.52, "lon": 13.4,
      "values": { "papers": 1234, "rent": 18.5 } },
    { "name": "Lisbon", "lat": 38.72, "lon": -9.14, "values": { "papers": 310, "rent": null } },
    { "name": "Tartu", "region": "Europe", "lat": 58.38, "lon": 26.72, "values": { "papers": 95 } }
  ],
  "presets": [{ "name": "Research only", "weights": { "papers": 5 } }]
}"#;

fn read(name: &str, text: &[u8]) -> Result<ai_cities_index::domain::dataset::Dataset, Refusal> {
    read_upload(name, text, &mut |_| {})
}

/// The refusal of `text`, read as `name`; panics if it was read.
fn refusal(name: &str, text: &str) -> Refusal {
    match read(name, text.as_bytes()) {
        Ok(_) => panic!("{name} should be refused:\n{text}"),
        Err(refusal) => refusal,
    }
}

fn first(refusal: &Refusal) -> String {
    refusal.problems[0].to_string()
}

#[test]
fn a_good_csv_becomes_a_dataset_that_ranks() {
    let dataset = read("places.csv", GOOD_CSV.as_bytes()).expect("a good file");
    assert_eq!(dataset.cities().len(), 3);
    let [papers, rent] = dataset.indicators() else {
        panic!("two indicators")
    };
    assert_eq!(
        (papers.label.as_str(), papers.transform),
        ("papers", Transform::Log)
    );
    assert_eq!(
        (rent.direction, rent.unit.as_str()),
        (Direction::LowerIsBetter, "euros per m²")
    );
    assert_eq!((papers.default_weight, rent.default_weight), (3, 1));
    assert_eq!(
        dataset.cities()[1].values,
        vec![Some(310.0), None],
        "missing stays missing"
    );
    assert_eq!(dataset.cities()[0].country_name, "Germany");
    assert_eq!(dataset.cities()[0].region, Region::Unstated);
    assert_eq!(dataset.presets()[0].label, "Research only");
    assert_eq!(dataset.presets()[0].weights, vec![5, 0]);
    assert!(
        dataset
            .source(&papers.source)
            .is_some_and(|s| s.name.contains("OpenAlex 2024"))
    );

    let table = IndicatorScores::compute(dataset.indicators(), dataset.cities());
    let weights = Weights::from_sliders(&dataset.default_weights());
    let ranking = rank(
        &table,
        &weights,
        &NameOrder::new(dataset.cities()),
        0..3,
        0.5,
    );
    assert_eq!(ranking.entries.len(), 3);
}

#[test]
fn json_and_csv_of_the_same_places_give_the_same_cities() {
    let csv = read("places.csv", GOOD_CSV.as_bytes()).expect("csv");
    let json = read("places.json", GOOD_JSON.as_bytes()).expect("json");
    let names = |d: &ai_cities_index::domain::dataset::Dataset| {
        d.cities()
            .iter()
            .map(|c| (c.name.clone(), c.values.clone()))
            .collect::<Vec<_>>()
    };
    let mut csv_names = names(&csv);
    csv_names[2].1[1] = None;
    assert_eq!(csv_names, names(&json));
    assert_eq!(json.cities()[2].region, Region::Europe);
}

#[test]
fn a_non_numeric_cell_is_named_by_line_and_column() {
    let refused = refusal("x.csv", "name,lat,lon,papers\nBerlin,52.5,13.4,lots\n");
    assert_eq!(
        refused.problems[0].location,
        Location::Cell { line: 2, column: 4 }
    );
    assert_eq!(
        first(&refused),
        "line 2, column 4: “lots” in “papers” is not a number"
    );
}

#[test]
fn coordinates_that_are_missing_or_off_the_globe_are_refused() {
    let refused = refusal(
        "x.csv",
        "name,lat,lon,papers\nA,,13.4,1\nB,95,13.4,1\nC,10,-181,1\n",
    );
    let messages: Vec<String> = refused.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "line 2, column 2: no lat: every place needs its coordinates",
            "line 3, column 2: lat 95 is off the globe: it must lie from -90 to 90",
            "line 4, column 3: lon -181 is off the globe: it must lie from -180 to 180",
        ]
    );
}

#[test]
fn a_duplicate_name_points_at_the_first() {
    let refused = refusal(
        "x.csv",
        "name,lat,lon,p\nBerlin,1,1,1\nParis,2,2,2\nberlin,3,3,3\n",
    );
    assert_eq!(
        first(&refused),
        "line 4: a second place named “berlin” (the first is at line 2)"
    );
}

#[test]
fn a_duplicate_is_found_even_when_the_first_row_has_other_problems() {
    let refused = refusal("x.csv", "name,lat,lon,p\nA,95,1,x\nA,2,2,2\n");
    let messages: Vec<String> = refused.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "line 2, column 2: lat 95 is off the globe: it must lie from -90 to 90",
            "line 2, column 4: “x” in “p” is not a number",
            "line 3: a second place named “A” (the first is at line 2)",
        ]
    );
}

#[test]
fn a_ragged_row_is_refused_with_its_count() {
    let refused = refusal("x.csv", "name,lat,lon,p\nBerlin,1,1\n");
    assert_eq!(first(&refused), "line 2: 3 fields where the header has 4");
}

#[test]
fn an_empty_file_a_binary_file_and_a_wrong_encoding_say_so() {
    assert_eq!(first(&refusal("x.csv", "")), "The file is empty.");
    assert_eq!(first(&refusal("x.csv", "  \n\n")), "The file is empty.");
    let binary = read("x.csv", b"name,lat\n\x00\x01\x02").expect_err("binary");
    assert_eq!(
        first(&binary),
        "line 2, column 1: a zero byte: this is a binary file, not CSV or JSON text"
    );
    let latin1 = read("x.csv", b"name,lat,lon,p\nK\xf6ln,50.9,6.9,1\n").expect_err("latin-1");
    assert_eq!(
        first(&latin1),
        "line 2, column 2: bytes that are not UTF-8 text; save the file as UTF-8 and load it again"
    );
    let utf16 = read("x.csv", b"\xff\xfen\x00a\x00").expect_err("utf-16");
    assert!(first(&utf16).contains("UTF-16"));
}

#[test]
fn a_file_over_the_limit_says_what_the_limit_is() {
    let big = vec![b' '; MAX_UPLOAD_BYTES + 1];
    let refused = read("x.csv", &big).expect_err("too big");
    assert_eq!(
        first(&refused),
        "The file is 50.0 MB, over the limit of 50.0 MB."
    );
}

#[test]
fn missing_columns_and_unknown_descriptions_are_named() {
    let refused = refusal("x.csv", "place,lat,p\nA,1,1\n");
    let messages: Vec<String> = refused.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["line 1: no “name” column", "line 1: no “lon” column"]
    );
    let refused = refusal("x.csv", "name,lat,lon,p\n#colour,,,red\nA,1,1,1\n");
    assert!(first(&refused).starts_with("line 2, column 1: “#colour” is not a description row"));
    let refused = refusal("x.csv", "name,lat,lon,p\n#direction,,,up\nA,1,1,1\n");
    assert_eq!(
        first(&refused),
        "line 2, column 4: “up” is not a direction: higher or lower"
    );
}

#[test]
fn the_first_problems_are_shown_and_the_rest_counted() {
    let mut text = String::from("name,lat,lon,p\n");
    for row in 0..25 {
        text.push_str(&format!("P{row},1,1,x\n"));
    }
    let refused = refusal("x.csv", &text);
    assert_eq!(refused.problems.len(), SHOWN_PROBLEMS);
    assert_eq!(refused.total, 25);
}

/// `depth` empty JSON arrays, each inside the next.
fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn json_errors_carry_serde_json_positions() {
    let refused = refusal(
        "x.json",
        "{\n  \"indicators\": [\n    { \"name\": 3 }\n  ]\n}",
    );
    assert_eq!(
        refused.problems[0].location,
        Location::Cell {
            line: 3,
            column: 15
        }
    );
    assert!(first(&refused).contains("invalid type: integer `3`, expected a string"));
    let refused = refusal(
        "x.json",
        r#"{"indicators":[{"name":"p"}],"places":[{"name":"A","lat":91,"lon":0}]}"#,
    );
    assert_eq!(
        first(&refused),
        "line 1, column 40: lat 91 is off the globe: it must lie from -90 to 90"
    );
    // A place's problems are located in the file: serde_json's within the place, and the
    // reader's own at the place's first character.
    let refused = refusal(
        "x.json",
        "{\n  \"indicators\": [{ \"name\": \"p\" }],\n  \"places\": [\n    { \"name\": \"A\", \"lat\": 1, \"lon\": 2 },\n    { \"name\": \"B\",\n      \"lat\": \"north\", \"lon\": 2 },\n    { \"name\": \"C\", \"lat\": 91, \"lon\": 0 }\n  ]\n}",
    );
    assert!(matches!(
        refused.problems[0].location,
        Location::Cell { line: 6, .. }
    ));
    assert!(first(&refused).contains("invalid type: string \"north\""));
    assert_eq!(
        refused.problems[1].to_string(),
        "line 7, column 5: lat 91 is off the globe: it must lie from -90 to 90"
    );
    let deep = format!(
        "{{\"indicators\":[{{\"name\":\"p\",\"unit\":{}}}]}}",
        nested_arrays(100_000)
    );
    let refused = refusal("x.json", &deep);
    assert_eq!(
        refused.problems[0].location,
        Location::Cell {
            line: 1,
            column: 34
        }
    );
    assert!(first(&refused).contains("invalid type: sequence, expected a string"));
    // A place is kept as its text before it is read: a deep one is refused where it starts.
    let deep_place = format!(
        "{{\"indicators\":[{{\"name\":\"p\"}}],\"places\":[{}]}}",
        nested_arrays(100_000)
    );
    let refused = refusal("x.json", &deep_place);
    assert_eq!(
        first(&refused),
        "line 1, column 40: invalid type: sequence, expected a string"
    );
}

#[test]
fn names_full_of_markup_are_kept_as_text() {
    let text = "name,lat,lon,<b>p</b>\n\"<script>alert(1)</script>\",1,1,1\n<img src=x onerror=alert(1)>,2,2,2\n";
    let dataset = read("x.csv", text.as_bytes()).expect("markup is only text");
    assert_eq!(dataset.cities()[0].name, "<script>alert(1)</script>");
    assert_eq!(dataset.indicators()[0].label, "<b>p</b>");
}

/// A mutation of `base`: truncated, a byte flipped, a field made huge, a run of bytes repeated,
/// or quotes and separators strewn in.
fn mutate(base: &[u8], random: &mut SplitMix64) -> Vec<u8> {
    let mut bytes = base.to_vec();
    let pick = |random: &mut SplitMix64, n: usize| (random.next_u64() % n.max(1) as u64) as usize;
    for _ in 0..1 + pick(random, 3) {
        match pick(random, 6) {
            0 => bytes.truncate(pick(random, bytes.len() + 1)),
            1 => {
                if !bytes.is_empty() {
                    let at = pick(random, bytes.len());
                    bytes[at] ^= 1 << pick(random, 8);
                }
            }
            2 => {
                let at = pick(random, bytes.len() + 1);
                let huge = vec![b'9'; 1 + pick(random, 5_000)];
                bytes.splice(at..at, huge);
            }
            3 => {
                if !bytes.is_empty() {
                    let from = pick(random, bytes.len());
                    let to = (from + pick(random, 40)).min(bytes.len());
                    let run = bytes[from..to].to_vec();
                    bytes.splice(from..from, run.iter().copied().cycle().take(run.len() * 5));
                }
            }
            4 => {
                let at = pick(random, bytes.len() + 1);
                let strewn =
                    [b'"', b',', b'\n', b'#', b'{', b'[', b'\r', b'-', b'e'][pick(random, 9)];
                bytes.insert(at, strewn);
            }
            _ => {
                let at = pick(random, bytes.len() + 1);
                let depth = pick(random, 500);
                let nest: Vec<u8> = std::iter::repeat_n(b'[', depth).collect();
                bytes.splice(at..at, nest);
            }
        }
    }
    bytes
}

#[test]
fn a_hundred_thousand_mutated_files_give_a_dataset_or_a_refusal() {
    let mut random = SplitMix64::new(2026);
    let bases = [
        ("x.csv", GOOD_CSV.as_bytes()),
        ("x.json", GOOD_JSON.as_bytes()),
    ];
    let (mut read_ok, mut refused) = (0, 0);
    for round in 0..100_000 {
        let (name, base) = bases[round % 2];
        let bytes = mutate(base, &mut random);
        match read(name, &bytes) {
            Ok(dataset) => {
                assert!(!dataset.cities().is_empty());
                read_ok += 1;
            }
            Err(refusal) => {
                assert!(!refusal.problems.is_empty() && refusal.problems.len() <= SHOWN_PROBLEMS);
                assert!(refusal.total >= refusal.problems.len());
                assert!(refusal.problems.iter().all(|p| !p.message.is_empty()));
                refused += 1;
            }
        }
    }
    assert!(
        read_ok > 1_000 && refused > 1_000,
        "both outcomes are exercised ({read_ok} read, {refused} refused)"
    );
}
