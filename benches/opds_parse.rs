//! Parses generated 10,000-entry OPDS 1 and OPDS 2 feeds and prints timings.
//! Run with `cargo bench --bench opds_parse`; target: ≤ 50 ms per feed (wall time: a large
//! feed's entries are read by two threads, whose CPU time together is printed too).

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use tomoshibi::library::{CatalogFeed, opds1, opds2};
use url::Url;

const ENTRIES: usize = 10_000;
const RUNS: usize = 15;

/// A lean catalog entry: what a list screen needs (id, title, author, cover, borrow state).
fn opds1_lean_feed() -> String {
    let mut xml = String::from(
        r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opds="http://opds-spec.org/2010/catalog">
  <id>urn:bench</id><title>Bench</title><link rel="next" href="/feed?page=2"/>
"#,
    );
    for i in 0..ENTRIES {
        let _ = write!(
            xml,
            r#"<entry><id>urn:isbn:97840000{i:05}</id><title>吾輩は猫である 第{i}巻</title><author><name>夏目 漱石</name></author>
<link rel="http://opds-spec.org/image/thumbnail" href="/covers/{i}.jpg"/>
<link rel="http://opds-spec.org/acquisition/borrow" href="/works/{i}/borrow"><opds:availability status="available"/><opds:copies total="1" available="1"/></link></entry>
"#
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// The OPDS 2 twin of [`opds1_lean_feed`].
fn opds2_lean_feed() -> String {
    let mut json = String::from(
        r#"{"metadata": {"title": "Bench"}, "links": [{"rel": "next", "href": "/feed?page=2"}], "publications": ["#,
    );
    for i in 0..ENTRIES {
        if i > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            r#"
{{"metadata": {{"identifier": "urn:isbn:97840000{i:05}", "title": "吾輩は猫である 第{i}巻", "author": "夏目 漱石"}},
 "links": [{{"rel": "http://opds-spec.org/acquisition/borrow", "href": "/works/{i}/borrow", "properties": {{"availability": {{"state": "available"}}, "copies": {{"total": 1, "available": 1}}}}}}],
 "images": [{{"href": "/covers/{i}.jpg"}}]}}"#
        );
    }
    json.push_str("]}\n");
    json
}

/// A rich catalog entry (about what Palace sends, minus long summaries): series, subjects,
/// dates, cover and thumbnail, LCP borrow chain with hold queue, revoke link.
fn opds1_feed() -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opds="http://opds-spec.org/2010/catalog"
      xmlns:dcterms="http://purl.org/dc/terms/" xmlns:schema="http://schema.org/"
      xmlns:thr="http://purl.org/syndication/thread/1.0">
  <id>urn:bench</id><title>図書館 Bench</title><updated>2026-01-01T00:00:00Z</updated>
  <link rel="self" href="/feed"/><link rel="next" href="/feed?page=2"/>
  <link rel="search" type="application/opensearchdescription+xml" href="/search"/>
  <link rel="http://opds-spec.org/facet" href="/feed?order=title" title="Title" opds:facetGroup="Sort by" opds:activeFacet="true" thr:count="10000"/>
"#,
    );
    for i in 0..ENTRIES {
        let _ = write!(
            xml,
            r#"  <entry schema:additionalType="http://schema.org/EBook">
    <id>urn:isbn:97840000{i:05}</id>
    <title>吾輩は猫である 第{i}巻 &amp; Other Stories</title>
    <author><name>夏目 漱石</name><link rel="contributor" href="/contributor/soseki"/></author>
    <summary type="html">&lt;p&gt;A cat observes the household of a teacher in Meiji-era Tokyo. Entry number {i}.&lt;/p&gt;</summary>
    <dcterms:language>ja</dcterms:language><dcterms:publisher>青空文庫</dcterms:publisher>
    <dcterms:issued>1905-01-01</dcterms:issued><published>2020-04-01T00:00:00Z</published><updated>2026-01-01T00:00:00Z</updated>
    <schema:Series name="猫" schema:position="{i}"><link href="/series/cat"/></schema:Series>
    <category scheme="http://librarysimplified.org/terms/genres/Simplified/" term="Literary Fiction" label="Literary Fiction"/>
    <link rel="http://opds-spec.org/image" type="image/jpeg" href="/covers/{i}.jpg"/>
    <link rel="http://opds-spec.org/image/thumbnail" type="image/jpeg" href="/covers/{i}-thumb.jpg"/>
    <link rel="alternate" type="application/atom+xml;type=entry;profile=opds-catalog" href="/works/{i}"/>
    <link rel="http://opds-spec.org/acquisition/borrow" type="application/atom+xml;type=entry;profile=opds-catalog" href="/works/{i}/borrow">
      <opds:indirectAcquisition type="application/vnd.readium.lcp.license.v1.0+json"><opds:indirectAcquisition type="application/epub+zip"/></opds:indirectAcquisition>
      <opds:availability status="reserved" since="2026-01-01T00:00:00Z" until="2026-02-01T00:00:00Z"/>
      <opds:holds total="5" position="2"/><opds:copies total="1" available="0"/>
    </link>
    <link rel="http://librarysimplified.org/terms/rel/revoke" href="/loans/{i}/revoke"/>
  </entry>
"#
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// The OPDS 2 twin of [`opds1_feed`].
fn opds2_feed() -> String {
    let mut json = String::from(
        r#"{"metadata": {"title": "図書館 Bench", "numberOfItems": 10000, "itemsPerPage": 10000, "currentPage": 1},
 "links": [{"rel": "self", "href": "/feed"}, {"rel": "next", "href": "/feed?page=2"},
           {"rel": "search", "href": "/search{?query,title,author}", "templated": true}],
 "publications": ["#,
    );
    for i in 0..ENTRIES {
        if i > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            r#"
  {{"metadata": {{"@type": "http://schema.org/EBook", "identifier": "urn:isbn:97840000{i:05}",
     "title": "吾輩は猫である 第{i}巻", "author": {{"name": "夏目 漱石", "links": [{{"href": "/contributor/soseki"}}]}},
     "narrator": "朗読者", "language": ["ja"], "publisher": {{"name": "青空文庫"}},
     "published": "2020-04-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z",
     "description": "A cat observes the household of a teacher in Meiji-era Tokyo. Entry number {i}.",
     "belongsTo": {{"series": {{"name": "猫", "position": {i}}}}},
     "subject": [{{"scheme": "http://librarysimplified.org/terms/genres/Simplified/", "name": "Literary Fiction"}}]}},
   "links": [{{"rel": "alternate", "href": "/works/{i}", "type": "application/opds-publication+json"}},
     {{"rel": "http://opds-spec.org/acquisition/borrow", "href": "/works/{i}/borrow", "type": "application/opds-publication+json",
       "properties": {{"indirectAcquisition": [{{"type": "application/vnd.readium.lcp.license.v1.0+json", "child": [{{"type": "application/epub+zip"}}]}}],
         "availability": {{"state": "reserved", "since": "2026-01-01T00:00:00Z", "until": "2026-02-01T00:00:00Z"}},
         "holds": {{"total": 5, "position": 2}}, "copies": {{"total": 1, "available": 0}}}}}},
     {{"rel": "http://librarysimplified.org/terms/rel/revoke", "href": "/loans/{i}/revoke"}}],
   "images": [{{"href": "/covers/{i}-thumb.jpg", "type": "image/jpeg", "width": 160}}, {{"href": "/covers/{i}.jpg", "type": "image/jpeg", "width": 1280}}]}}"#
        );
    }
    json.push_str("]}\n");
    json
}

/// Nanoseconds this thread has spent on a CPU (Linux `schedstat`): unlike wall time, it does
/// not count time spent waiting while other processes use the shared cores.
fn cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// CPU time of the whole process, all threads (Linux `/proc/self/stat`, in 1/100 s ticks):
/// a large feed is read by two threads, and this shows the work of both.
fn process_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name in brackets: state is the first, utime the 12th, stime the 13th.
    let mut fields = text.rsplit_once(')')?.1.split_whitespace().skip(11);
    let ticks: u64 = fields.next()?.parse::<u64>().ok()? + fields.next()?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Times `parse` alone; dropping the result (freeing the model) is timed separately.
fn measure(name: &str, bytes: &[u8], parse: impl Fn(&[u8]) -> Option<CatalogFeed>) {
    let entries = parse(bytes).map_or(0, |feed| feed.entries.len());
    assert_eq!(entries, ENTRIES, "{name}: wrong number of entries");
    let mut drops = Vec::with_capacity(RUNS);
    let mut cpu = Vec::with_capacity(RUNS);
    let mut all_cpu = Duration::ZERO;
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let cpu_start = cpu_time();
            let all_start = process_cpu_time();
            let start = Instant::now();
            let feed = black_box(parse(black_box(bytes)));
            let elapsed = start.elapsed();
            if let (Some(before), Some(after)) = (cpu_start, cpu_time()) {
                cpu.push(after.saturating_sub(before));
            }
            if let (Some(before), Some(after)) = (all_start, process_cpu_time()) {
                all_cpu += after.saturating_sub(before);
            }
            let start = Instant::now();
            drop(feed);
            drops.push(start.elapsed());
            elapsed
        })
        .collect();
    times.sort();
    drops.sort();
    cpu.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = times.get(RUNS / 2).copied().unwrap_or_default();
    let min = times.first().copied().unwrap_or_default();
    let max = times.last().copied().unwrap_or_default();
    let drop_median = drops.get(RUNS / 2).copied().unwrap_or_default();
    let cpu_median = cpu.get(cpu.len() / 2).copied();
    let mib = bytes.len() as f64 / (1024.0 * 1024.0);
    println!(
        "{name}: {ENTRIES} entries, {mib:.1} MiB ({} bytes/entry): parse wall median {:.1} ms (min {:.1}, max {:.1}; \
         {RUNS} runs), this thread on-CPU median {}, all threads' CPU mean {:.0} ms; {:.0} MiB/s; \
         freeing the model {:.1} ms{}",
        bytes.len() / ENTRIES,
        ms(median),
        ms(min),
        ms(max),
        cpu_median.map_or_else(|| "n/a".to_owned(), |d| format!("{:.1} ms", ms(d))),
        ms(all_cpu) / RUNS as f64,
        mib / median.as_secs_f64(),
        ms(drop_median),
        if ms(median) <= 50.0 { "" } else { "  ABOVE 50 ms TARGET" }
    );
}

fn main() {
    let Ok(base) = Url::parse("https://library.example/catalog/") else {
        return;
    };
    // `cargo bench --bench opds_parse -- lean` runs only the cases whose name contains "lean".
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with("--")).unwrap_or_default();
    let measure = |name: &str, bytes: &[u8], parse: &dyn Fn(&[u8]) -> Option<CatalogFeed>| {
        if name.contains(filter.as_str()) {
            measure(name, bytes, parse);
        }
    };
    let atom = opds1_feed();
    measure("OPDS 1 rich", atom.as_bytes(), &|bytes| opds1::parse_feed(bytes, &base).ok());
    let json = opds2_feed();
    measure("OPDS 2 rich", json.as_bytes(), &|bytes| opds2::parse_feed(bytes, &base).ok());
    let atom = opds1_lean_feed();
    measure("OPDS 1 lean", atom.as_bytes(), &|bytes| opds1::parse_feed(bytes, &base).ok());
    let json = opds2_lean_feed();
    measure("OPDS 2 lean", json.as_bytes(), &|bytes| opds2::parse_feed(bytes, &base).ok());
}
