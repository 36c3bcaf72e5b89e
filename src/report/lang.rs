//! The language of chart and report labels: Chinese or English.

use std::fmt;
use std::str::FromStr;

use crate::domain::Province;

/// Label language of charts and `report.html`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文.
    Zh,
    /// English.
    #[default]
    En,
}

impl Lang {
    /// The language that suits the data: Chinese when any station or county
    /// name holds a CJK character, English otherwise.
    pub fn detect(province: &Province) -> Lang {
        let names = province
            .stations
            .iter()
            .map(|s| s.name.as_str())
            .chain(province.counties.iter().map(|c| c.name.as_str()));
        for name in names {
            if name.chars().any(is_cjk) {
                return Lang::Zh;
            }
        }
        Lang::En
    }

    /// Chinese when `text` holds a CJK character, English otherwise.
    pub fn of_text(text: &str) -> Lang {
        if text.chars().any(is_cjk) {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of a scenario before its data is read: Chinese when
    /// the scenario file holds a CJK character ([`Lang::of_text`]),
    /// English otherwise and when the file cannot be read (not a regular
    /// file, over 16 MiB, missing: its error comes from the loader). The
    /// command line and the server frame a loading error in it.
    pub fn of_scenario(path: &std::path::Path) -> Lang {
        use std::io::Read;
        /// A scenario is a page of text; the loader refuses a larger one.
        const MOST: u64 = 16 * 1024 * 1024;
        let mut options = std::fs::OpenOptions::new();
        options.read(true);
        #[cfg(target_os = "linux")]
        {
            // A FIFO in its place is not waited for.
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK);
        }
        let Ok(file) = options.open(path) else {
            return Lang::En;
        };
        if !file
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() <= MOST)
        {
            return Lang::En;
        }
        let mut bytes = Vec::new();
        match file.take(MOST).read_to_end(&mut bytes) {
            Ok(_) => Lang::of_text(&String::from_utf8_lossy(&bytes)),
            Err(_) => Lang::En,
        }
    }

    /// `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The label in this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code that is neither `zh` nor `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`; use `zh` or `en`")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

/// CJK ideographs (unified, extension A, compatibility) and CJK punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{County, Station};

    fn province(county: &str, station: &str) -> Province {
        Province {
            counties: vec![County {
                id: "C1".into(),
                name: county.into(),
                officers_total: 10,
                hq_min: 0,
                stations: vec![0],
                max_moves: None,
                seconded_away: 0,
                auxiliary_budget: None,
            }],
            stations: vec![Station {
                id: "S1".into(),
                county: 0,
                name: station.into(),
                kind: "urban".into(),
                population: 1.0,
                villages: 0.0,
                area_km2: 1.0,
                calls: 1.0,
                officers: 2,
                community_officers: 1,
                auxiliaries: 0,
                min_officers: None,
                levers: Default::default(),
                strength: Default::default(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn chinese_names_choose_chinese_labels() {
        assert_eq!(Lang::detect(&province("Chengguan", "城关派出所")), Lang::Zh);
        assert_eq!(Lang::detect(&province("城关县公安局", "Anning")), Lang::Zh);
        assert_eq!(Lang::detect(&province("Chengguan", "Anning")), Lang::En);
        assert_eq!("ZH".parse::<Lang>(), Ok(Lang::Zh));
        assert!("fr".parse::<Lang>().is_err());
    }

    #[test]
    fn a_scenario_file_in_chinese_chooses_chinese_before_its_data_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let zh = dir.path().join("zh.toml");
        std::fs::write(&zh, "name = \"城关\"\nstations = \"missing.csv\"\n").unwrap();
        assert_eq!(Lang::of_scenario(&zh), Lang::Zh);
        let en = dir.path().join("en.toml");
        std::fs::write(&en, "name = \"Chengguan\"\n").unwrap();
        assert_eq!(Lang::of_scenario(&en), Lang::En);
        // Chinese after a byte that is not UTF-8 still counts.
        let mixed = dir.path().join("mixed.toml");
        let mut bytes = b"# \xff\n".to_vec();
        bytes.extend_from_slice("name = \"城关\"\n".as_bytes());
        std::fs::write(&mixed, bytes).unwrap();
        assert_eq!(Lang::of_scenario(&mixed), Lang::Zh);
        // Missing, or a folder: English (the loader names the problem).
        assert_eq!(Lang::of_scenario(&dir.path().join("none.toml")), Lang::En);
        assert_eq!(Lang::of_scenario(dir.path()), Lang::En);
        // A FIFO in its place is not waited for.
        let fifo = dir.path().join("fifo.toml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert_eq!(Lang::of_scenario(&fifo), Lang::En);
    }
}
