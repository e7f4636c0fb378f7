//! `kechuang user …` and `kechuang region …`: operator maintenance of
//! accounts and the region hierarchy, audited as the system actor.

use crate::cli::{RegionCommand, UserCommand};
use kechuang_kernel::Db;
use kechuang_kernel::audit::Actor;
use kechuang_kernel::credit_code::CreditCode;
use kechuang_kernel::region::{DivisionCode, RegionLevel};
use kechuang_kernel::regions::NewRegion;
use kechuang_kernel::role::Role;
use kechuang_kernel::user::{DisplayName, Username, check_password};
use kechuang_kernel::users::{NewUser, UserFilter};
use std::io::Read;

pub async fn user(cmd: UserCommand, db: &Db) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add {
            username,
            role,
            name,
            county,
            enterprise,
            institution,
            unit,
            password_stdin,
        } => {
            let role = Role::parse(&role).filter(|r| *r != Role::Public).ok_or_else(|| {
                anyhow::anyhow!(
                    "unknown role {role:?}; one of: {}",
                    Role::ASSIGNABLE.map(|r| r.as_str()).join(", ")
                )
            })?;
            let username = Username::parse(&username)?;
            let display_name = DisplayName::parse(name.as_deref().unwrap_or(username.as_str()))?;
            let region = match county {
                Some(c) => db
                    .find_region(&c)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("no region with code or name {c:?}"))?,
                None => {
                    let roots: Vec<_> = db
                        .regions()
                        .await?
                        .into_iter()
                        .filter(|r| r.parent_id.is_none())
                        .collect();
                    match roots.as_slice() {
                        [one] => one.clone(),
                        [] => anyhow::bail!(
                            "no regions yet: add one first, e.g. `kechuang region add --code 131000 --name 廊坊市 --level city`"
                        ),
                        _ => anyhow::bail!("several top-level regions: choose one with --county"),
                    }
                }
            };
            let enterprise_code = enterprise
                .map(|c| CreditCode::parse(&c).map(|c| c.as_str().to_owned()))
                .transpose()?;
            let (password, generated) = if password_stdin {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                (s.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (kechuang_kernel::sessions::random_token()[..16].to_owned(), true)
            };
            check_password(username.as_str(), &password)?;
            let hash = kechuang_shell::hash_password(password.clone()).await?;
            let new = NewUser {
                username,
                display_name,
                password_hash: hash,
                role,
                region_id: region.id,
                enterprise_code,
                institution_id: institution,
                unit,
                must_change_password: generated,
            };
            let u = db.create_user(&Actor::system(), new).await?;
            println!(
                "已创建用户 / created user {} ({}) in {}",
                u.username,
                role.as_str(),
                region.name
            );
            if generated {
                println!("初始密码 / initial password (change at first sign-in): {password}");
            }
            Ok(())
        }
        UserCommand::List => {
            let (users, total) = db
                .users(
                    None,
                    &UserFilter {
                        limit: 1000,
                        ..Default::default()
                    },
                )
                .await?;
            for u in users {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.id,
                    u.username,
                    u.role,
                    u.region_name.unwrap_or_default(),
                    if u.active { "active" } else { "disabled" }
                );
            }
            println!("# {total} users");
            Ok(())
        }
    }
}

pub async fn region(cmd: RegionCommand, db: &Db) -> anyhow::Result<()> {
    match cmd {
        RegionCommand::Add {
            code,
            name,
            name_en,
            level,
            parent,
        } => {
            let level =
                RegionLevel::parse(&level).ok_or_else(|| anyhow::anyhow!("level must be province, city or county"))?;
            let parent_id = match parent {
                Some(p) => Some(
                    db.find_region(&p)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("no region {p:?}"))?
                        .id,
                ),
                None => None,
            };
            let r = db
                .create_region(
                    &Actor::system(),
                    NewRegion {
                        code: DivisionCode::parse(&code)?,
                        name,
                        name_en,
                        level,
                        parent_id,
                    },
                )
                .await?;
            println!("已添加 / added {} {} ({})", r.code, r.name, r.path);
            Ok(())
        }
        RegionCommand::List => {
            for r in db.regions().await? {
                let depth = r.region_path().depth().saturating_sub(1);
                println!("{}{} {} [{}]", "  ".repeat(depth), r.code, r.name, r.level);
            }
            Ok(())
        }
    }
}
