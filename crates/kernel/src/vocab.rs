//! Coded vocabularies: statuses, kinds and categories as enums with a stable
//! snake_case code (what the database, routes and JSON carry), a Chinese and
//! an English label (what people read, in the page's language), and a
//! parser that accepts the code, either label or a known alternative name
//! (Chinese in Traditional or Simplified script). One macro,
//! [`coded_enum!`](crate::coded_enum), declares them; they are stored as text
//! on both backends.

/// The language a page is in: Chinese first, English on the toggle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" | "zh-CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// A value not in a vocabulary, naming the field it was given for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}：无法识别“{value}”，可选：{choices} / {field}: unknown value {value:?}")]
pub struct UnknownCode {
    pub field: &'static str,
    pub value: String,
    /// The Chinese labels of the vocabulary, for the message.
    pub choices: String,
}

/// What every coded vocabulary offers, for code that handles any of them
/// (select boxes, sheet columns, filters).
pub trait Coded: Copy + 'static {
    /// The field the vocabulary is for, named in errors.
    const FIELD: &'static str;
    /// Every value, in declaration order.
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn label(self, lang: Lang) -> &'static str;
    /// The exact code, nothing else.
    fn from_code(code: &str) -> Option<Self>;
    /// The code (any ASCII case), a label or a known alternative name.
    fn parse(input: &str) -> Result<Self, UnknownCode>;

    /// (code, label) pairs for a select box in `lang`.
    fn options(lang: Lang) -> Vec<(&'static str, &'static str)> {
        Self::all().iter().map(|v| (v.code(), v.label(lang))).collect()
    }
}

/// Whether `input` names a value with `code`, `zh`, `en` or one of `aliases`:
/// the code and English in any ASCII case, Chinese in either script.
#[doc(hidden)]
pub fn names(input: &str, code: &str, zh: &str, en: &str, aliases: &[&str]) -> bool {
    let s = input.trim();
    if s.is_empty() {
        return false;
    }
    if s.eq_ignore_ascii_case(code) || s.eq_ignore_ascii_case(en) {
        return true;
    }
    let simplified: String = s.chars().map(kechuang_text::simplify_char).collect();
    simplified == zh || aliases.iter().any(|a| simplified == *a || s.eq_ignore_ascii_case(a))
}

/// Declares a coded vocabulary: a fieldless enum with a snake_case code, a
/// Chinese and an English label, `ALL`, parsing from code, labels or
/// aliases, `Display`/`FromStr`, serde as the code, and storage as text on
/// SQLite and PostgreSQL.
///
/// ```ignore
/// coded_enum! {
///     /// Life cycle of a demand.
///     pub enum DemandStatus: "status" {
///         Draft => "draft", "草稿", "Draft";
///         Published => "published", "已发布", "Published", "发布";
///     }
/// }
/// ```
#[macro_export]
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $field:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $code:literal, $zh:literal, $en:literal $(, $alias:literal)* ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( Self::$variant, )+ ];

            /// The code used in storage, routes and JSON.
            pub fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $code, )+ }
            }

            /// The Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self { $( Self::$variant => $zh, )+ }
            }

            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self { $( Self::$variant => $en, )+ }
            }

            /// The label in `lang`.
            pub fn label(self, lang: $crate::vocab::Lang) -> &'static str {
                match lang {
                    $crate::vocab::Lang::Zh => self.label_zh(),
                    $crate::vocab::Lang::En => self.label_en(),
                }
            }

            /// The exact code, nothing else.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $( $code => Some(Self::$variant), )+ _ => None }
            }

            /// The code (any ASCII case), either label or a known
            /// alternative name; surrounding whitespace is ignored.
            pub fn parse(input: &str) -> Result<Self, $crate::vocab::UnknownCode> {
                $(
                    if $crate::vocab::names(input, $code, $zh, $en, &[$($alias),*]) {
                        return Ok(Self::$variant);
                    }
                )+
                Err($crate::vocab::UnknownCode {
                    field: $field,
                    value: input.to_owned(),
                    choices: [$($zh),+].join("、"),
                })
            }
        }

        impl $crate::vocab::Coded for $name {
            const FIELD: &'static str = $field;
            fn all() -> &'static [Self] { Self::ALL }
            fn code(self) -> &'static str { self.as_str() }
            fn label(self, lang: $crate::vocab::Lang) -> &'static str { $name::label(self, lang) }
            fn from_code(code: &str) -> Option<Self> { $name::from_code(code) }
            fn parse(input: &str) -> Result<Self, $crate::vocab::UnknownCode> { $name::parse(input) }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::vocab::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as $crate::__serde::Deserialize>::deserialize(d)?;
                Self::from_code(&s).ok_or_else(|| {
                    <D::Error as $crate::__serde::de::Error>::custom(format!(
                        "{}：无法识别“{}” / {}: unknown value {:?}",
                        $field, s, $field, s
                    ))
                })
            }
        }

        impl<DB: $crate::__sqlx::Database> $crate::__sqlx::Type<DB> for $name
        where
            String: $crate::__sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as $crate::__sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as $crate::__sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: $crate::__sqlx::Database> $crate::__sqlx::Encode<'q, DB> for $name
        where
            &'q str: $crate::__sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as $crate::__sqlx::Database>::ArgumentBuffer,
            ) -> Result<$crate::__sqlx::encode::IsNull, $crate::__sqlx::error::BoxDynError> {
                <&'q str as $crate::__sqlx::Encode<'q, DB>>::encode(self.as_str(), buf)
            }
        }

        impl<'r, DB: $crate::__sqlx::Database> $crate::__sqlx::Decode<'r, DB> for $name
        where
            &'r str: $crate::__sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as $crate::__sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, $crate::__sqlx::error::BoxDynError> {
                let s = <&'r str as $crate::__sqlx::Decode<'r, DB>>::decode(value)?;
                Self::from_code(s).ok_or_else(|| format!("{}: unknown stored code {:?}", $field, s).into())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::coded_enum! {
        /// A vocabulary for the tests.
        pub enum Colour: "colour" {
            Red => "red", "红色", "Red", "赤";
            DeepBlue => "deep_blue", "深蓝", "Deep blue";
        }
    }

    #[test]
    fn codes_labels_and_parsing() {
        assert_eq!(Colour::DeepBlue.as_str(), "deep_blue");
        assert_eq!(Colour::DeepBlue.label(Lang::En), "Deep blue");
        assert_eq!(Colour::Red.label(Lang::Zh), "红色");
        for input in ["red", "RED", " 红色 ", "赤", "Red"] {
            assert_eq!(Colour::parse(input), Ok(Colour::Red), "{input}");
        }
        assert_eq!(Colour::parse("深藍"), Ok(Colour::DeepBlue), "Traditional script");
        let err = Colour::parse("绿色").unwrap_err();
        assert_eq!(err.field, "colour");
        assert!(err.to_string().contains("红色、深蓝"), "{err}");
        assert_eq!(Colour::from_code("Red"), None, "codes are exact");
        assert_eq!(
            Colour::options(Lang::En),
            vec![("red", "Red"), ("deep_blue", "Deep blue")]
        );
    }

    #[test]
    fn serde_uses_the_code() {
        assert_eq!(serde_json::to_string(&Colour::DeepBlue).unwrap(), "\"deep_blue\"");
        assert_eq!(serde_json::from_str::<Colour>("\"red\"").unwrap(), Colour::Red);
        let err = serde_json::from_str::<Colour>("\"green\"").unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
