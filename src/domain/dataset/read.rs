//! Reads a [`RawDataset`] from the JSON the data build writes, with the small
//! [`json::Reader`](crate::domain::json::Reader).
//!
//! It reads exactly what serde's derived `Serialize` writes for these types (a native test
//! checks the two agree on the bundled dataset and on synthetic ones): snake_case enum
//! variants, `null` or an absent key for `None`, and unknown keys ignored. A missing required
//! key is an error that names it.

use crate::domain::json::{JsonError, Reader};

use super::{
    Article, City, Direction, Group, Indicator, MAX_WEIGHT, PlausibleRange, Preset, RawDataset,
    Region, Scope, SeedFact, Source, Transform,
};

/// Reads a whole dataset document; only whitespace may follow it.
pub(super) fn raw_dataset(text: &str) -> Result<RawDataset, JsonError> {
    let mut reader = Reader::new(text);
    let (mut schema_version, mut edition, mut synthetic) = (None, None, false);
    let (mut indicators, mut sources, mut articles, mut presets, mut cities) =
        (None, None, None, None, None);
    reader.object(&mut |reader, key| {
        match key {
            "schema_version" => schema_version = Some(reader.unsigned(u32::MAX)?),
            "edition" => edition = Some(reader.string()?),
            "synthetic" => synthetic = reader.boolean()?,
            "indicators" => indicators = Some(list(reader, indicator)?),
            "sources" => sources = Some(list(reader, source)?),
            "articles" => articles = Some(list(reader, article)?),
            "presets" => presets = Some(list(reader, preset)?),
            "cities" => cities = Some(list(reader, city)?),
            _ => reader.skip()?,
        }
        Ok(())
    })?;
    let dataset = RawDataset {
        schema_version: required(&reader, schema_version, "schema_version")?,
        edition: required(&reader, edition, "edition")?,
        synthetic,
        indicators: required(&reader, indicators, "indicators")?,
        sources: required(&reader, sources, "sources")?,
        articles: required(&reader, articles, "articles")?,
        presets: required(&reader, presets, "presets")?,
        cities: required(&reader, cities, "cities")?,
    };
    reader.finish()?;
    Ok(dataset)
}

fn required<T>(reader: &Reader, value: Option<T>, key: &str) -> Result<T, JsonError> {
    value.ok_or_else(|| reader.error(format!("missing key `{key}` in the object ending")))
}

fn list<'a, T>(
    reader: &mut Reader<'a>,
    item: fn(&mut Reader<'a>) -> Result<T, JsonError>,
) -> Result<Vec<T>, JsonError> {
    let mut items = Vec::new();
    reader.array(&mut |reader| {
        items.push(item(reader)?);
        Ok(())
    })?;
    Ok(items)
}

fn string_list(reader: &mut Reader) -> Result<Vec<String>, JsonError> {
    list(reader, Reader::string)
}

fn optional_string(reader: &mut Reader) -> Result<Option<String>, JsonError> {
    if reader.null() {
        Ok(None)
    } else {
        reader.string().map(Some)
    }
}

/// Reads one of `variants`, given by name.
fn variant<T: Copy>(reader: &mut Reader, variants: &[(&str, T)]) -> Result<T, JsonError> {
    let name = reader.string()?;
    variants
        .iter()
        .find(|(variant, _)| *variant == name)
        .map(|&(_, value)| value)
        .ok_or_else(|| reader.error(format!("unknown value “{name}”")))
}

fn weight(reader: &mut Reader) -> Result<u8, JsonError> {
    reader
        .unsigned(u32::from(MAX_WEIGHT))
        .map(|weight| weight as u8)
}

fn indicator(reader: &mut Reader) -> Result<Indicator, JsonError> {
    let (mut id, mut code, mut label, mut group, mut unit) = (None, None, None, None, None);
    let (mut scope, mut period, mut year, mut direction) = (None, None, None, None);
    let (mut transform, mut default_weight, mut description) = (None, None, None);
    let (mut source, mut source_url, mut licence) = (None, String::new(), String::new());
    let (mut caveats, mut plausible_range) = (None, None);
    reader.object(&mut |reader, key| {
        match key {
            "id" => id = Some(reader.string()?),
            "code" => code = Some(reader.string()?),
            "label" => label = Some(reader.string()?),
            "group" => {
                group = Some(variant(
                    reader,
                    &[
                        ("research", Group::Research),
                        ("industry", Group::Industry),
                        ("talent_and_jobs", Group::TalentAndJobs),
                        ("compute_and_developers", Group::ComputeAndDevelopers),
                        ("recognition", Group::Recognition),
                    ],
                )?)
            }
            "unit" => unit = Some(reader.string()?),
            "scope" => {
                scope = Some(variant(
                    reader,
                    &[("city", Scope::City), ("national", Scope::National)],
                )?)
            }
            "period" => period = Some(reader.string()?),
            "year" => year = Some(reader.unsigned(u16::MAX.into())? as u16),
            "direction" => {
                direction = Some(variant(
                    reader,
                    &[
                        ("higher_is_better", Direction::HigherIsBetter),
                        ("lower_is_better", Direction::LowerIsBetter),
                    ],
                )?)
            }
            "transform" => {
                transform = Some(variant(
                    reader,
                    &[("linear", Transform::Linear), ("log", Transform::Log)],
                )?)
            }
            "default_weight" => default_weight = Some(weight(reader)?),
            "description" => description = Some(reader.string()?),
            "source" => source = Some(reader.string()?),
            "source_url" => source_url = reader.string()?,
            "licence" => licence = reader.string()?,
            "caveats" => caveats = Some(string_list(reader)?),
            "plausible_range" => plausible_range = Some(range(reader)?),
            _ => reader.skip()?,
        }
        Ok(())
    })?;
    Ok(Indicator {
        id: required(reader, id, "id")?,
        code: required(reader, code, "code")?,
        label: required(reader, label, "label")?,
        group: required(reader, group, "group")?,
        unit: required(reader, unit, "unit")?,
        scope: required(reader, scope, "scope")?,
        period: required(reader, period, "period")?,
        year: required(reader, year, "year")?,
        direction: required(reader, direction, "direction")?,
        transform: required(reader, transform, "transform")?,
        default_weight: required(reader, default_weight, "default_weight")?,
        description: required(reader, description, "description")?,
        source: required(reader, source, "source")?,
        source_url,
        licence,
        caveats: required(reader, caveats, "caveats")?,
        plausible_range: required(reader, plausible_range, "plausible_range")?,
    })
}

fn range(reader: &mut Reader) -> Result<PlausibleRange, JsonError> {
    let (mut min, mut max) = (None, None);
    reader.object(&mut |reader, key| {
        match key {
            "min" => min = Some(reader.number()?),
            "max" => max = Some(reader.number()?),
            _ => reader.skip()?,
        }
        Ok(())
    })?;
    Ok(PlausibleRange {
        min: required(reader, min, "min")?,
        max: required(reader, max, "max")?,
    })
}

fn source(reader: &mut Reader) -> Result<Source, JsonError> {
    let (mut id, mut name, mut url, mut licence) = (None, None, None, None);
    let (mut revision, mut retrieved, mut usage) = (None, None, None);
    reader.object(&mut |reader, key| {
        let field = match key {
            "id" => &mut id,
            "name" => &mut name,
            "url" => &mut url,
            "licence" => &mut licence,
            "revision" => &mut revision,
            "retrieved" => &mut retrieved,
            "usage" => &mut usage,
            _ => return reader.skip(),
        };
        *field = Some(reader.string()?);
        Ok(())
    })?;
    Ok(Source {
        id: required(reader, id, "id")?,
        name: required(reader, name, "name")?,
        url: required(reader, url, "url")?,
        licence: required(reader, licence, "licence")?,
        revision: required(reader, revision, "revision")?,
        retrieved: required(reader, retrieved, "retrieved")?,
        usage: required(reader, usage, "usage")?,
    })
}

fn article(reader: &mut Reader) -> Result<Article, JsonError> {
    let (mut id, mut title, mut publisher, mut published) = (None, None, None, None);
    let (mut url, mut city_list) = (None, None);
    reader.object(&mut |reader, key| {
        match key {
            "id" => id = Some(reader.string()?),
            "title" => title = Some(reader.string()?),
            "publisher" => publisher = Some(reader.string()?),
            "published" => published = Some(reader.string()?),
            "url" => url = optional_string(reader)?,
            "city_list" => city_list = Some(string_list(reader)?),
            _ => reader.skip()?,
        }
        Ok(())
    })?;
    Ok(Article {
        id: required(reader, id, "id")?,
        title: required(reader, title, "title")?,
        publisher: required(reader, publisher, "publisher")?,
        published: required(reader, published, "published")?,
        url,
        city_list: required(reader, city_list, "city_list")?,
    })
}

fn preset(reader: &mut Reader) -> Result<Preset, JsonError> {
    let (mut id, mut label, mut description, mut weights) = (None, None, None, None);
    reader.object(&mut |reader, key| {
        match key {
            "id" => id = Some(reader.string()?),
            "label" => label = Some(reader.string()?),
            "description" => description = Some(reader.string()?),
            "weights" => weights = Some(list(reader, weight)?),
            _ => reader.skip()?,
        }
        Ok(())
    })?;
    Ok(Preset {
        id: required(reader, id, "id")?,
        label: required(reader, label, "label")?,
        description: required(reader, description, "description")?,
        weights: required(reader, weights, "weights")?,
    })
}

fn city(reader: &mut Reader) -> Result<City, JsonError> {
    let (mut id, mut name, mut country, mut country_name) = (None, None, None, None);
    let (mut region, mut lat, mut lon, mut values) = (None, None, None, None);
    let (mut catchment_note, mut facts) = (None, None);
    reader.object(&mut |reader, key| {
        match key {
            "id" => id = Some(reader.string()?),
            "name" => name = Some(reader.string()?),
            "country" => country = Some(reader.string()?),
            "country_name" => country_name = Some(reader.string()?),
            "region" => {
                region = Some(variant(
                    reader,
                    &[
                        ("africa", Region::Africa),
                        ("asia", Region::Asia),
                        ("europe", Region::Europe),
                        ("north_america", Region::NorthAmerica),
                        ("oceania", Region::Oceania),
                        ("south_america", Region::SouthAmerica),
                    ],
                )?)
            }
            "lat" => lat = Some(reader.number()?),
            "lon" => lon = Some(reader.number()?),
            "values" => values = Some(list(reader, optional_number)?),
            "catchment_note" => catchment_note = optional_string(reader)?,
            "facts" => facts = Some(list(reader, seed_fact)?),
            _ => reader.skip()?,
        }
        Ok(())
    })?;
    Ok(City {
        id: required(reader, id, "id")?,
        name: required(reader, name, "name")?,
        country: required(reader, country, "country")?,
        country_name: required(reader, country_name, "country_name")?,
        region: required(reader, region, "region")?,
        lat: required(reader, lat, "lat")?,
        lon: required(reader, lon, "lon")?,
        values: required(reader, values, "values")?,
        catchment_note,
        facts: required(reader, facts, "facts")?,
    })
}

fn optional_number(reader: &mut Reader) -> Result<Option<f64>, JsonError> {
    if reader.null() {
        Ok(None)
    } else {
        reader.number().map(Some)
    }
}

fn seed_fact(reader: &mut Reader) -> Result<SeedFact, JsonError> {
    let (mut article, mut quote) = (None, None);
    reader.object(&mut |reader, key| {
        let field = match key {
            "article" => &mut article,
            "quote" => &mut quote,
            _ => return reader.skip(),
        };
        *field = Some(reader.string()?);
        Ok(())
    })?;
    Ok(SeedFact {
        article: required(reader, article, "article")?,
        quote: required(reader, quote, "quote")?,
    })
}
