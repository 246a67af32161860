//! Which widths a source is resized to: the configured widths narrower than
//! the source, and the source's own width when it is narrower than the
//! widest (never upscaled, and never a variant wider than the source).

/// The widths for a source `source_width` pixels wide, narrowest first.
pub fn plan(source_width: u32, widths: &[u32]) -> Vec<u32> {
    let mut planned: Vec<u32> = widths
        .iter()
        .copied()
        .filter(|&w| w < source_width)
        .collect();
    let widest = widths.iter().copied().max().unwrap_or(source_width);
    if source_width <= widest {
        planned.push(source_width);
    }
    planned.sort_unstable();
    planned.dedup();
    planned
}

/// The height of a `width`-wide variant of a `w`×`h` source, rounded, at least 1.
pub fn height_for(width: u32, w: u32, h: u32) -> u32 {
    let scaled = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1));
    (scaled as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_source_gets_every_width_and_a_narrow_one_its_own() {
        let widths = [480, 800, 1200, 1600];
        assert_eq!(plan(4000, &widths), [480, 800, 1200, 1600]);
        assert_eq!(plan(1000, &widths), [480, 800, 1000]);
        assert_eq!(plan(1600, &widths), [480, 800, 1200, 1600]);
        assert_eq!(plan(300, &widths), [300]);
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(height_for(480, 3000, 2000), 320);
        assert_eq!(height_for(800, 4000, 3000), 600);
        assert_eq!(height_for(1, 4000, 10), 1);
    }
}
