//! A deterministic generated bundle, and who-has-met-whom checked on it against a
//! brute-force reference computed here from the generated rows.

use crate::helpers::spawn_app;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::path::Path;

/// A small xorshift generator: deterministic per seed, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A generated bundle's participation facts, for reference computations.
pub struct Generated {
    pub people: usize,
    /// meeting id -> (start date, participants)
    pub meetings: BTreeMap<String, (String, Vec<String>)>,
}

impl Generated {
    pub fn person(i: usize) -> String {
        format!("p-{i:05}")
    }

    /// The meetings each person attended.
    fn by_person(&self) -> HashMap<&str, HashSet<&str>> {
        let mut map: HashMap<&str, HashSet<&str>> = HashMap::new();
        for (meeting, (_, people)) in &self.meetings {
            for p in people {
                map.entry(p.as_str()).or_default().insert(meeting.as_str());
            }
        }
        map
    }

    /// Shared meetings of two people, sorted by (date, id).
    pub fn shared(&self, a: &str, b: &str) -> Vec<String> {
        let by_person = self.by_person();
        let empty = HashSet::new();
        let (ma, mb) = (
            by_person.get(a).unwrap_or(&empty),
            by_person.get(b).unwrap_or(&empty),
        );
        let mut shared: Vec<(&str, &str)> = ma
            .intersection(mb)
            .map(|m| (self.meetings[*m].0.as_str(), *m))
            .collect();
        shared.sort();
        shared.into_iter().map(|(_, m)| m.to_owned()).collect()
    }

    /// Number of shared meetings with each contact of `a`.
    pub fn contacts(&self, a: &str) -> HashMap<String, usize> {
        let mut out = HashMap::new();
        for (_, people) in self.meetings.values() {
            if people.iter().any(|p| p == a) {
                for p in people.iter().filter(|p| *p != a) {
                    *out.entry(p.clone()).or_insert(0) += 1;
                }
            }
        }
        out
    }

    /// Breadth-first distance on the projected person-person graph.
    pub fn distance(&self, a: &str, b: &str) -> Option<usize> {
        let mut adjacency: HashMap<&str, HashSet<&str>> = HashMap::new();
        for (_, people) in self.meetings.values() {
            for x in people {
                for y in people {
                    if x != y {
                        adjacency.entry(x.as_str()).or_default().insert(y.as_str());
                    }
                }
            }
        }
        let mut dist: HashMap<&str, usize> = HashMap::from([(a, 0)]);
        let mut queue = VecDeque::from([a]);
        while let Some(p) = queue.pop_front() {
            if p == b {
                return Some(dist[p]);
            }
            for q in adjacency.get(p).into_iter().flatten() {
                if !dist.contains_key(q) {
                    dist.insert(q, dist[p] + 1);
                    queue.push_back(q);
                }
            }
        }
        None
    }
}

/// Writes a bundle of `people` people into `dir`: ~people/20 organisations,
/// ~people/4 meetings of 2 to 12 participants drawn mostly from one side.
pub fn generate(dir: &Path, people: usize, seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let sides = ["armenian", "azerbaijani", "georgian", "international"];
    let genders = ["female", "male", "", "other"];
    let tags = [
        "youth",
        "diaspora",
        "displaced",
        "journalist",
        "civil_society",
        "",
    ];
    let orgs = (people / 20).max(2);
    let mut w = String::from("id,name,kind,country,side\n");
    for o in 0..orgs {
        writeln!(w, "org-{o:04},Organisation {o},ngo,GE,").ok();
    }
    std::fs::write(dir.join("organisations.csv"), w).expect("write");

    let mut w = String::from("id,name,gender,side,country,birth_year,tags,sensitive\n");
    let mut side_of = Vec::new();
    for p in 0..people {
        let side = rng.below(sides.len());
        side_of.push(side);
        writeln!(
            w,
            "{},Person {p},{},{},,{},{},false",
            Generated::person(p),
            genders[rng.below(genders.len())],
            sides[side],
            1950 + rng.below(55),
            tags[rng.below(tags.len())],
        )
        .ok();
    }
    std::fs::write(dir.join("people.csv"), w).expect("write");

    let mut w = String::from("person_id,organisation_id,role,start_date,end_date\n");
    for p in 0..people {
        if rng.below(3) > 0 {
            writeln!(
                w,
                "{},org-{:04},member,,",
                Generated::person(p),
                rng.below(orgs)
            )
            .ok();
        }
    }
    std::fs::write(dir.join("affiliations.csv"), w).expect("write");

    let mut meetings = BTreeMap::new();
    let mut wm = String::from(
        "id,title,series,start_date,end_date,city,country,format,track,confidentiality\n",
    );
    let mut wp = String::from("person_id,meeting_id,role,organisation_id\n");
    for m in 0..(people / 4).max(1) {
        let id = format!("m-{m:05}");
        let date = format!(
            "{}-{:02}-{:02}",
            2008 + rng.below(19),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        let track = ["1", "1.5", "2", "3"][rng.below(4)];
        writeln!(
            wm,
            "{id},Meeting {m},,{date},,Tbilisi,GE,workshop,{track},public"
        )
        .ok();
        let size = 2 + rng.below(11);
        let main_side = rng.below(sides.len());
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < size {
            let p = rng.below(people);
            // Mostly one-sided meetings, with a minority of mixed ones.
            if (side_of[p] == main_side || rng.below(4) == 0) && !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        chosen.sort();
        let ids: Vec<String> = chosen.iter().map(|&p| Generated::person(p)).collect();
        for p in &ids {
            writeln!(wp, "{p},{id},participant,").ok();
        }
        meetings.insert(id, (date, ids));
    }
    std::fs::write(dir.join("meetings.csv"), wm).expect("write");
    std::fs::write(dir.join("participations.csv"), wp).expect("write");
    Generated { people, meetings }
}

const HAVE_MET: &str = "query($a: ID!, $b: ID!) {
  haveMet(a: $a, b: $b) { met meetingCount meetings { nodes { key } } }
}";

const CONTACTS: &str = "query($p: ID!, $after: String) {
  person(id: $p) { contacts(first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { person { key } sharedMeetings } }
  } }
}";

const CHAIN: &str = "query($a: ID!, $b: ID!) {
  chainOfAcquaintance(from: $a, to: $b) {
    length people { key } steps { from { key } to { key } meeting { key participants { nodes { key } } } }
  }
}";

#[tokio::test]
async fn who_met_whom_matches_a_brute_force_reference_on_a_generated_bundle() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = generate(dir.path(), 400, 7);
    let app = spawn_app().await;
    app.import(dir.path()).await;
    let mut rng = Rng::new(99);

    for _ in 0..25 {
        let a = Generated::person(rng.below(generated.people));
        let b = Generated::person(rng.below(generated.people));
        if a == b {
            continue;
        }
        let expected = generated.shared(&a, &b);
        let got = app.query(HAVE_MET, json!({ "a": a, "b": b })).await;
        let keys: Vec<String> = got["haveMet"]["meetings"]["nodes"]
            .as_array()
            .expect("meetings")
            .iter()
            .map(|m| m["key"].as_str().expect("key").to_owned())
            .collect();
        assert_eq!(keys, expected, "shared meetings of {a} and {b}");
        assert_eq!(got["haveMet"]["met"], json!(!expected.is_empty()));
    }

    for _ in 0..10 {
        let a = Generated::person(rng.below(generated.people));
        let expected = generated.contacts(&a);
        let mut got: HashMap<String, usize> = HashMap::new();
        let mut after = serde_json::Value::Null;
        let mut previous = usize::MAX;
        loop {
            let page = app.query(CONTACTS, json!({ "p": a, "after": after })).await;
            let contacts = &page["person"]["contacts"];
            assert_eq!(contacts["totalCount"], json!(expected.len()));
            for edge in contacts["edges"].as_array().expect("edges") {
                let shared = edge["node"]["sharedMeetings"].as_u64().expect("count") as usize;
                assert!(
                    shared <= previous,
                    "contacts are ordered by shared meetings"
                );
                previous = shared;
                let key = edge["node"]["person"]["key"]
                    .as_str()
                    .expect("key")
                    .to_owned();
                got.insert(key, shared);
            }
            if contacts["pageInfo"]["hasNextPage"] != json!(true) {
                break;
            }
            after = contacts["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(got, expected, "contacts of {a}");
    }

    for _ in 0..25 {
        let a = Generated::person(rng.below(generated.people));
        let b = Generated::person(rng.below(generated.people));
        let expected = generated.distance(&a, &b);
        let got = app.query(CHAIN, json!({ "a": a, "b": b })).await;
        let chain = &got["chainOfAcquaintance"];
        match expected {
            None => assert!(chain.is_null(), "{a} and {b} are not connected"),
            Some(length) => {
                assert_eq!(chain["length"], json!(length), "chain from {a} to {b}");
                let people = chain["people"].as_array().expect("people");
                assert_eq!(people.first().expect("first")["key"], json!(a));
                assert_eq!(people.last().expect("last")["key"], json!(b));
                // Every step's two people took part in the step's meeting.
                for step in chain["steps"].as_array().expect("steps") {
                    let participants: Vec<&str> = step["meeting"]["participants"]["nodes"]
                        .as_array()
                        .expect("participants")
                        .iter()
                        .map(|p| p["key"].as_str().expect("key"))
                        .collect();
                    for end in ["from", "to"] {
                        let key = step[end]["key"].as_str().expect("key");
                        assert!(
                            participants.contains(&key),
                            "{key} took part in the step's meeting"
                        );
                    }
                }
            }
        }
    }
}
