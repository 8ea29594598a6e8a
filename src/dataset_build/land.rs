//! The map's land outline: Natural Earth land polygons (TopoJSON, from the `world-atlas` npm
//! package) projected with [`crate::domain::projection`] and written as one compact SVG file.
//!
//! Coordinates are rounded to half a user unit (about 20 km at the equator), consecutive
//! duplicates are dropped and rings that collapse are removed; the path uses relative moves.
//! The SVG carries its own light and dark colours, so the page can show it as an `<image>`
//! without styling it.

use serde::Deserialize;

use crate::domain::projection::{LonLat, MAP_HEIGHT, MAP_WIDTH, project};

#[derive(Debug, Deserialize)]
struct Topology {
    arcs: Vec<Vec<[f64; 2]>>,
    transform: Option<TopoTransform>,
    objects: std::collections::HashMap<String, Geometry>,
}

#[derive(Debug, Deserialize)]
struct TopoTransform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    #[serde(rename = "GeometryCollection")]
    Collection {
        geometries: Vec<Geometry>,
    },
    MultiPolygon {
        arcs: Vec<Vec<Vec<i64>>>,
    },
    Polygon {
        arcs: Vec<Vec<i64>>,
    },
}

/// A point in tenths of an SVG user unit.
type Tenths = (i64, i64);

fn decode_arcs(topology: &Topology) -> Vec<Vec<LonLat>> {
    topology
        .arcs
        .iter()
        .map(|arc| match &topology.transform {
            Some(transform) => {
                let (mut x, mut y) = (0.0, 0.0);
                arc.iter()
                    .map(|[dx, dy]| {
                        x += dx;
                        y += dy;
                        LonLat {
                            lon: x * transform.scale[0] + transform.translate[0],
                            lat: y * transform.scale[1] + transform.translate[1],
                        }
                    })
                    .collect()
            }
            None => arc
                .iter()
                .map(|[lon, lat]| LonLat {
                    lon: *lon,
                    lat: *lat,
                })
                .collect(),
        })
        .collect()
}

fn ring(arcs: &[Vec<LonLat>], indices: &[i64]) -> Vec<LonLat> {
    let mut points: Vec<LonLat> = Vec::new();
    for &index in indices {
        let (arc, reversed) = if index < 0 {
            ((!index) as usize, true)
        } else {
            (index as usize, false)
        };
        let Some(arc) = arcs.get(arc) else { continue };
        let mut part: Vec<LonLat> = arc.clone();
        if reversed {
            part.reverse();
        }
        let skip = usize::from(!points.is_empty());
        points.extend(part.into_iter().skip(skip));
    }
    points
}

fn polygons(geometry: &Geometry, out: &mut Vec<Vec<Vec<i64>>>) {
    match geometry {
        Geometry::Collection { geometries } => geometries.iter().for_each(|g| polygons(g, out)),
        Geometry::MultiPolygon { arcs } => out.extend(arcs.iter().cloned()),
        Geometry::Polygon { arcs } => out.push(arcs.clone()),
    }
}

/// `position` on the map, rounded to half a unit: finer than the 1:110m outline's own
/// generalisation (its vertices lie one to three units apart), and at the map's closest zoom
/// ([`crate::domain::map_view::MAX_ZOOM`]) at most a couple of pixels off. The coarser grid
/// makes the file, part of the page's first view, a third smaller than tenths do.
fn to_tenths(position: LonLat) -> Tenths {
    let point = project(position);
    (
        (point.x * 2.0).round() as i64 * 5,
        (point.y * 2.0).round() as i64 * 5,
    )
}

fn write_tenths(out: &mut String, value: i64) {
    let sign = if value < 0 { "-" } else { "" };
    let (whole, tenth) = (value.abs() / 10, value.abs() % 10);
    match (whole, tenth) {
        (0, 0) => out.push('0'),
        (0, t) => out.push_str(&format!("{sign}.{t}")),
        (w, 0) => out.push_str(&format!("{sign}{w}")),
        (w, t) => out.push_str(&format!("{sign}{w}.{t}")),
    }
}

fn write_pair(out: &mut String, (x, y): Tenths) {
    write_tenths(out, x);
    if y >= 0 {
        out.push(' ');
    }
    write_tenths(out, y);
}

/// The SVG path data of every ring, in relative commands.
fn path_data(rings: &[Vec<LonLat>]) -> String {
    let mut data = String::new();
    let mut cursor: Tenths = (0, 0);
    for ring in rings {
        let mut points: Vec<Tenths> = ring.iter().map(|p| to_tenths(*p)).collect();
        points.dedup();
        if points.first() == points.last() {
            points.pop();
        }
        if points.len() < 3 {
            continue;
        }
        data.push('m');
        write_pair(&mut data, (points[0].0 - cursor.0, points[0].1 - cursor.1));
        data.push('l');
        for pair in points.windows(2) {
            write_pair(&mut data, (pair[1].0 - pair[0].0, pair[1].1 - pair[0].1));
            data.push(' ');
        }
        data.pop();
        data.push('z');
        cursor = points[0];
    }
    data
}

/// The outline of the whole globe in this projection: the meridians ±180° from pole to pole.
fn globe_outline() -> Vec<LonLat> {
    let east = (-90..=90).map(|lat| LonLat {
        lon: 180.0,
        lat: f64::from(lat),
    });
    let west = (-90..=90).rev().map(|lat| LonLat {
        lon: -180.0,
        lat: f64::from(lat),
    });
    east.chain(west).collect()
}

/// Builds the land SVG from the text of a world-atlas TopoJSON file.
pub fn land_svg(topojson: &str) -> Result<String, String> {
    let topology: Topology = serde_json::from_str(topojson).map_err(|e| e.to_string())?;
    let land = topology
        .objects
        .get("land")
        .ok_or("the topology has no `land` object")?;
    let arcs = decode_arcs(&topology);
    let mut polygon_arcs = Vec::new();
    polygons(land, &mut polygon_arcs);
    let rings: Vec<Vec<LonLat>> = polygon_arcs
        .iter()
        .flat_map(|polygon| polygon.iter().map(|indices| ring(&arcs, indices)))
        .collect();
    Ok(format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\">",
            "<style>.o{{fill:#e8eef5}}.l{{fill:#c9d3de}}",
            "@media (prefers-color-scheme:dark){{.o{{fill:#17202b}}.l{{fill:#33414f}}}}</style>",
            "<path class=\"o\" d=\"{outline}\"/><path class=\"l\" fill-rule=\"evenodd\" d=\"{land}\"/></svg>\n"
        ),
        width = MAP_WIDTH,
        height = MAP_HEIGHT,
        outline = path_data(&[globe_outline()]),
        land = path_data(&rings),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_are_written_compactly() {
        let mut out = String::new();
        for value in [0, 5, -5, 30, -30, 123, -123] {
            write_tenths(&mut out, value);
            out.push(',');
        }
        assert_eq!(out, "0,.5,-.5,3,-3,12.3,-12.3,");
    }

    #[test]
    fn a_quantised_square_becomes_one_relative_ring() {
        let topology = r#"{"type":"Topology","arcs":[[[0,0],[10,0],[10,10],[0,10],[0,0]]],
            "objects":{"land":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0]]}]}}}"#;
        let svg = land_svg(topology).expect("valid topology");
        let land = svg
            .split("class=\"l\" fill-rule=\"evenodd\" d=\"")
            .nth(1)
            .expect("land path");
        assert_eq!(land.matches('m').count(), 1);
        assert_eq!(land.matches('z').count(), 1);
    }
}
