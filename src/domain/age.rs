//! The age bands of the force: the one list of their columns.

/// One age band of the force (the roadmap's data contract, `docs/roadmap.md`):
/// its column, its Chinese name, and the single years of age it spans under
/// the uniform assumption of `docs/roadmap.md` (the youngest officers join
/// at 22; the oldest still serving under the reform are 62). The input layer
/// knows the bands' Chinese headers (`input::aliases`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeBand {
    /// The column and key of the band (`age_under_30`).
    pub key: &'static str,
    /// The band's Chinese name, as headers and tables show it.
    pub zh: &'static str,
    /// The youngest single year of age in the band.
    pub from: i32,
    /// The oldest single year of age in the band.
    pub to: i32,
}

/// The six age bands, youngest first: the one list every table, reader,
/// chart and key of the age structure takes its columns from.
pub const AGE_BANDS: [AgeBand; 6] = [
    AgeBand {
        key: "age_under_30",
        zh: "30岁以下",
        from: 22,
        to: 29,
    },
    AgeBand {
        key: "age_30_39",
        zh: "30-39岁",
        from: 30,
        to: 39,
    },
    AgeBand {
        key: "age_40_49",
        zh: "40-49岁",
        from: 40,
        to: 49,
    },
    AgeBand {
        key: "age_50_54",
        zh: "50-54岁",
        from: 50,
        to: 54,
    },
    AgeBand {
        key: "age_55_59",
        zh: "55-59岁",
        from: 55,
        to: 59,
    },
    AgeBand {
        key: "age_60_plus",
        zh: "60岁以上",
        from: 60,
        to: 62,
    },
];

/// The columns of the age bands, in order: `age_under_30`, `age_30_39`,
/// `age_40_49`, `age_50_54`, `age_55_59` and `age_60_plus`.
pub const AGE_BAND_KEYS: [&str; AGE_BANDS.len()] = {
    let mut keys = [""; AGE_BANDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = AGE_BANDS[i].key;
        i += 1;
    }
    keys
};

/// The band of an age (under 22 counts as under 30, over 62 as 60 plus).
pub fn band_of(age: i32) -> usize {
    AGE_BANDS
        .iter()
        .position(|b| age <= b.to)
        .unwrap_or(AGE_BANDS.len() - 1)
}

/// A column list with the age bands in it: `before`, the six
/// [`AGE_BAND_KEYS`], then `after`, built at compile time (a list whose
/// length is not `N` does not compile).
pub const fn with_age_bands<const N: usize>(
    before: &[&'static str],
    after: &[&'static str],
) -> [&'static str; N] {
    assert!(before.len() + AGE_BAND_KEYS.len() + after.len() == N);
    let mut out = [""; N];
    let mut i = 0;
    while i < before.len() {
        out[i] = before[i];
        i += 1;
    }
    let mut j = 0;
    while j < AGE_BAND_KEYS.len() {
        out[i + j] = AGE_BAND_KEYS[j];
        j += 1;
    }
    let mut k = 0;
    while k < after.len() {
        out[i + j + k] = after[k];
        k += 1;
    }
    out
}
