//! Innovation platforms (创新平台): their kind, level and status.

kechuang_kernel::coded_enum! {
    /// The kind of an innovation platform (`platform_kind`). Names that cover
    /// several programmes (工程技术研究中心 and 技术创新中心, 孵化器 and 加速器 …)
    /// share one kind; the alternatives parse to it.
    pub enum PlatformKind: "platform_kind" {
        KeyLab => "key_lab", "重点实验室", "Key laboratory";
        TechInnovationCenter => "tech_innovation_center", "技术创新中心", "Technology innovation centre", "工程技术研究中心";
        EngineeringResearchCenter => "engineering_research_center", "工程研究中心", "Engineering research centre", "工程实验室";
        EnterpriseTechCenter => "enterprise_tech_center", "企业技术中心", "Enterprise technology centre";
        IndustrialTechInstitute => "industrial_tech_institute", "产业技术研究院", "Industrial technology institute";
        NewRdInstitution => "new_rd_institution", "新型研发机构", "New R&D institution";
        Incubator => "incubator", "科技企业孵化器", "Incubator", "孵化器", "科技企业加速器", "加速器";
        MakerSpace => "maker_space", "众创空间", "Maker space";
        RuralMakerSpace => "rural_maker_space", "星创天地", "Rural maker space";
        AcademicianWorkstation => "academician_workstation", "院士工作站", "Academician workstation";
        InternationalCooperationBase => "international_cooperation_base", "国际科技合作基地", "International cooperation base", "国际创新园", "国际联合研究中心", "国际技术转移中心";
        IndustryAlliance => "industry_alliance", "产业技术创新战略联盟", "Industry alliance", "产业技术创新联盟";
        HighTechZone => "high_tech_zone", "高新区", "High-tech zone", "高新技术产业开发区";
        DevelopmentZone => "development_zone", "开发区", "Development zone", "经济技术开发区";
        AgriTechPark => "agri_tech_park", "农业科技园区", "Agricultural science park";
    }
}

kechuang_kernel::coded_enum! {
    /// The level of the government that recognised a platform (`level`).
    pub enum Level: "level" {
        National => "national", "国家级", "National";
        Provincial => "provincial", "省级", "Provincial";
        Municipal => "municipal", "市级", "Municipal";
        County => "county", "县级", "County";
    }
}

kechuang_kernel::coded_enum! {
    /// Whether a platform is running (`platform_status`).
    pub enum PlatformStatus: "platform_status" {
        Active => "active", "运行中", "Active", "正常";
        UnderConstruction => "under_construction", "建设中", "Under construction", "在建", "培育", "培育中";
        Revoked => "revoked", "已撤销", "Revoked", "撤销", "摘牌";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips() {
        assert_eq!(PlatformKind::ALL.len(), 15);
        for &k in PlatformKind::ALL {
            assert_eq!(PlatformKind::parse(k.label_zh()), Ok(k));
            assert_eq!(PlatformKind::parse(k.as_str()), Ok(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        for &l in Level::ALL {
            assert_eq!(Level::parse(l.label_zh()), Ok(l));
            assert_eq!(Level::parse(l.as_str()), Ok(l));
            assert_eq!(serde_json::to_string(&l).unwrap(), format!("\"{}\"", l.as_str()));
        }
        for &s in PlatformStatus::ALL {
            assert_eq!(PlatformStatus::parse(s.label_zh()), Ok(s));
            assert_eq!(PlatformStatus::parse(s.as_str()), Ok(s));
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.as_str()));
        }
    }

    #[test]
    fn aliases_and_unknowns() {
        use PlatformKind::*;
        let table: &[(&str, Option<PlatformKind>)] = &[
            ("工程技术研究中心", Some(TechInnovationCenter)),
            ("工程实验室", Some(EngineeringResearchCenter)),
            ("加速器", Some(Incubator)),
            ("国际联合研究中心", Some(InternationalCooperationBase)),
            ("产业技术创新联盟", Some(IndustryAlliance)),
            (" KEY_LAB ", Some(KeyLab)),
            ("实验室", None),
            ("", None),
        ];
        for (input, want) in table {
            assert_eq!(PlatformKind::parse(input).ok(), *want, "{input}");
        }
        let err = Level::parse("乡级").unwrap_err();
        assert_eq!(
            err.to_string(),
            "level：无法识别“乡级”，可选：国家级、省级、市级、县级 / level: unknown value \"乡级\""
        );
        assert!(Level::National < Level::County);
    }
}
