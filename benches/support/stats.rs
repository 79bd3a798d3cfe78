//! One line of figures for a bench: the median and the worst of the times measured.

/// Prints `name`, the median and the maximum of `ms` (milliseconds).
pub fn stats(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let (Some(median), Some(max)) = (ms.get(ms.len() / 2), ms.last()) else {
        println!("{name:<62} no runs");
        return;
    };
    println!("{name:<62} median {median:7.2} ms   max {max:7.2} ms   (n={})", ms.len());
}
