//! Evolution: the cumulative met graph at the end of each year (`nx.Graph` of the
//! meetings up to that year: nodes, edges, components, cross-divide share, mean
//! degree 2m/n).

use super::assert_close;
use crate::network::Scope;
use crate::network::analysis::{Budget, YearFigures, evolution};
use crate::network::testing::custom_network;
use chrono::NaiveDate;

fn date(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("a date")
}

#[test]
fn two_triangles_growing_year_by_year() {
    // The north triangle a-b-c in 2020; the bridge c-d in 2021; nothing in 2022;
    // the south triangle d-e-f and a pair g-h apart in 2023.
    let planned: Vec<(_, &[&str], _)> = vec![
        (date(2020, 3), &["a", "b", "c"], None),
        (date(2021, 6), &["c", "d"], None),
        (date(2023, 2), &["d", "e", "f"], None),
        (date(2023, 9), &["g", "h"], None),
    ];
    let sides = [
        ("a", "north"),
        ("b", "north"),
        ("c", "north"),
        ("d", "south"),
        ("e", "south"),
        ("f", "south"),
    ];
    let network = custom_network(&planned, &sides);
    let years = evolution(&network, &Scope::everything(), &Budget::unlimited()).expect("no budget");
    let expected = [
        (2020, 3, 3, 1.0, 0.0, 2.0),
        (2021, 4, 4, 1.0, 0.25, 2.0),
        (2022, 4, 4, 1.0, 0.25, 2.0),
        (2023, 8, 8, 6.0 / 8.0, 1.0 / 8.0, 2.0),
    ];
    assert_eq!(years.len(), expected.len());
    for (got, (year, people, ties, largest, cross, mean)) in years.iter().zip(expected) {
        let YearFigures {
            year: got_year,
            people: got_people,
            ties: got_ties,
            ..
        } = *got;
        assert_eq!((got_year, got_people, got_ties), (year, people, ties));
        let what = |figure: &str| format!("{figure} in {year}");
        let largest_share = got.largest_component_share.expect("people");
        assert_close(largest_share, largest, &what("largest component share"));
        let cross_share = got.cross_divide_share.expect("ties");
        assert_close(cross_share, cross, &what("cross-divide share"));
        assert_close(got.mean_degree, mean, &what("mean degree"));
    }
}

#[test]
fn a_window_limits_the_years() {
    let planned: Vec<(_, &[&str], _)> = vec![
        (date(2019, 1), &["a", "b"], None),
        (date(2020, 1), &["b", "c"], None),
        (date(2021, 1), &["c", "d"], None),
    ];
    let network = custom_network(&planned, &[]);
    let scope = Scope::everything().window(Some(date(2020, 1)), Some(date(2020, 12)));
    let years = evolution(&network, &scope, &Budget::unlimited()).expect("no budget");
    let figures: Vec<(i32, usize, usize)> =
        years.iter().map(|y| (y.year, y.people, y.ties)).collect();
    assert_eq!(figures, [(2020, 2, 1)]);
    assert_eq!(years[0].cross_divide_share, Some(0.0));
    assert_close(years[0].mean_degree, 1.0, "mean degree");
}
