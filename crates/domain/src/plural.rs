//! A count with its noun in both languages, in the grammatical form the number needs: Russian
//! by the CLDR cardinal rules (one: 1, 21, 31…, not 11; few: 2–4, 22–24…, not 12–14; many: the
//! rest), Kazakh with the noun in the singular after every numeral ("3 қате").

use crate::language::Language;

/// A noun to count, in every form the languages need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    kk: &'static str,
    one: &'static str,
    few: &'static str,
    many: &'static str,
}

impl Counted {
    /// The noun: Kazakh, and the Russian forms for one, few and many.
    #[must_use]
    pub const fn new(kk: &'static str, one: &'static str, few: &'static str, many: &'static str) -> Self {
        Self { kk, one, few, many }
    }

    /// The noun as `n` needs it in `language`.
    #[must_use]
    pub const fn form(&self, n: u64, language: Language) -> &'static str {
        match language {
            Language::Kk => self.kk,
            Language::Ru => match (n % 10, n % 100) {
                (1, r) if r != 11 => self.one,
                (2..=4, r) if r < 12 || r > 14 => self.few,
                _ => self.many,
            },
        }
    }

    /// `n` and the noun: `2 ошибки`, `5 ошибок`, `21 ошибка`, `2 қате`.
    #[must_use]
    pub fn count(&self, n: u64, language: Language) -> String {
        format!("{n} {}", self.form(n, language))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_takes_the_form_of_the_number_and_kazakh_the_singular() {
        let error = Counted::new("қате", "ошибка", "ошибки", "ошибок");
        let ru: Vec<String> = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1001]
            .iter()
            .map(|&n| error.count(n, Language::Ru))
            .collect();
        assert_eq!(
            ru,
            [
                "0 ошибок",
                "1 ошибка",
                "2 ошибки",
                "4 ошибки",
                "5 ошибок",
                "11 ошибок",
                "12 ошибок",
                "14 ошибок",
                "21 ошибка",
                "22 ошибки",
                "25 ошибок",
                "101 ошибка",
                "111 ошибок",
                "1001 ошибка"
            ]
        );
        assert_eq!(error.count(3, Language::Kk), "3 қате");
    }
}
