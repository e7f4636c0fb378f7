//! Experts (专家 / 人才) in the registry: where they are based.

kechuang_kernel::coded_enum! {
    /// Where an expert is based, as the city counts it when pooling expertise:
    /// the city itself, the Beijing–Tianjin area (京津冀 cooperation), elsewhere in
    /// mainland China, or abroad (including Hong Kong, Macao and Taiwan).
    pub enum ExpertRegion: "expert_region" {
        Local => "local", "本地", "Local", "本市";
        BeijingTianjin => "beijing_tianjin", "京津", "Beijing-Tianjin", "京津地区", "北京", "天津";
        Elsewhere => "elsewhere", "国内其他地区", "Elsewhere in China", "外地", "其他地区";
        Abroad => "abroad", "境外", "Abroad", "国外", "海外", "港澳台";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips() {
        assert_eq!(ExpertRegion::ALL.len(), 4);
        for &r in ExpertRegion::ALL {
            assert_eq!(ExpertRegion::parse(r.label_zh()), Ok(r));
            assert_eq!(ExpertRegion::parse(r.as_str()), Ok(r));
            assert_eq!(r.as_str().parse::<ExpertRegion>(), Ok(r));
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.as_str()));
        }
    }

    #[test]
    fn aliases() {
        use ExpertRegion::*;
        let table = [
            ("北京", BeijingTianjin),
            ("海外", Abroad),
            ("外地", Elsewhere),
            ("本市", Local),
        ];
        for (input, want) in table {
            assert_eq!(ExpertRegion::parse(input), Ok(want), "{input}");
        }
        assert!(ExpertRegion::parse("河北").is_err());
    }
}
