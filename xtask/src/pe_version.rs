//! Reads the version information (VS_VERSIONINFO) of a Windows .exe, the
//! way Explorer's Properties dialog does: PE headers → resource directory →
//! RT_VERSION → the StringFileInfo tables. `cargo xtask dist --windows`
//! refuses an .exe whose version information is missing or wrong.

use anyhow::{Context, Result, bail};

const RT_VERSION: u32 = 16;

/// One string of a StringTable: its language block ("041104b0"), key, value.
#[derive(Debug, PartialEq, Eq)]
pub struct VersionString {
    pub block: String,
    pub key: String,
    pub value: String,
}

fn u16_at(b: &[u8], at: usize) -> Result<u16> {
    let s = b.get(at..at + 2).context("truncated")?;
    Ok(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32> {
    let s = b.get(at..at + 4).context("truncated")?;
    Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The bytes of the first RT_VERSION resource.
fn version_resource(exe: &[u8]) -> Result<&[u8]> {
    if exe.get(..2) != Some(b"MZ") {
        bail!("not an MZ executable");
    }
    let pe = u32_at(exe, 0x3c)? as usize;
    if exe.get(pe..pe + 4) != Some(b"PE\0\0") {
        bail!("no PE signature");
    }
    let sections = u16_at(exe, pe + 6)? as usize;
    let optional_size = u16_at(exe, pe + 20)? as usize;
    let optional = pe + 24;
    let directories = match u16_at(exe, optional)? {
        0x20b => optional + 112,
        0x10b => optional + 96,
        m => bail!("unknown optional header magic {m:#x}"),
    };
    let rsrc_rva = u32_at(exe, directories + 2 * 8)?;
    if rsrc_rva == 0 {
        bail!("the executable has no resources");
    }
    let table = optional + optional_size;
    let to_offset = |rva: u32| -> Result<usize> {
        for i in 0..sections {
            let s = table + i * 40;
            let (vsize, vaddr) = (u32_at(exe, s + 8)?, u32_at(exe, s + 12)?);
            let (raw_size, raw_ptr) = (u32_at(exe, s + 16)?, u32_at(exe, s + 20)?);
            if rva >= vaddr && rva < vaddr + vsize.max(raw_size) {
                return Ok((rva - vaddr + raw_ptr) as usize);
            }
        }
        bail!("RVA {rva:#x} is in no section")
    };
    let root = to_offset(rsrc_rva)?;
    // Each level: a directory of (id, offset) entries; the high bit marks a subdirectory.
    let entries = |dir: usize| -> Result<Vec<(u32, u32)>> {
        let n = u16_at(exe, dir + 12)? as usize + u16_at(exe, dir + 14)? as usize;
        (0..n)
            .map(|i| {
                Ok((
                    u32_at(exe, dir + 16 + i * 8)?,
                    u32_at(exe, dir + 20 + i * 8)?,
                ))
            })
            .collect()
    };
    let subdir = |off: u32| -> Result<usize> {
        if off & 0x8000_0000 == 0 {
            bail!("expected a resource subdirectory");
        }
        Ok(root + (off & 0x7fff_ffff) as usize)
    };
    let (_, by_type) = entries(root)?
        .into_iter()
        .find(|(id, _)| *id == RT_VERSION)
        .context("no RT_VERSION resource")?;
    let (_, by_name) = *entries(subdir(by_type)?)?
        .first()
        .context("empty RT_VERSION")?;
    let (_, by_lang) = *entries(subdir(by_name)?)?
        .first()
        .context("empty RT_VERSION name")?;
    if by_lang & 0x8000_0000 != 0 {
        bail!("expected a resource data entry");
    }
    let entry = root + by_lang as usize;
    let start = to_offset(u32_at(exe, entry)?)?;
    let size = u32_at(exe, entry + 4)? as usize;
    exe.get(start..start + size)
        .context("version resource past the end of the file")
}

/// One node of the VS_VERSIONINFO tree: key, value bytes, text or binary, children.
struct Node<'a> {
    key: String,
    value: &'a [u8],
    text: bool,
    children: Vec<Node<'a>>,
}

fn align4(x: usize) -> usize {
    (x + 3) & !3
}

fn node(b: &[u8], start: usize) -> Result<(Node<'_>, usize)> {
    let len = u16_at(b, start)? as usize;
    let value_len = u16_at(b, start + 2)? as usize;
    let text = u16_at(b, start + 4)? == 1;
    let end = start + len;
    if len < 6 || end > b.len() {
        bail!("bad node length {len} at {start}");
    }
    let mut key = Vec::new();
    let mut at = start + 6;
    loop {
        let c = u16_at(b, at)?;
        at += 2;
        if c == 0 {
            break;
        }
        key.push(c);
    }
    at = align4(at);
    let value_bytes = if text { value_len * 2 } else { value_len };
    let value = b
        .get(at..(at + value_bytes).min(end))
        .context("bad value")?;
    at = align4(at + value_bytes);
    let mut children = Vec::new();
    while at + 6 <= end {
        let (child, next) = node(b, at)?;
        children.push(child);
        at = align4(next);
    }
    Ok((
        Node {
            key: String::from_utf16(&key).context("key is not UTF-16")?,
            value,
            text,
            children,
        },
        end,
    ))
}

/// The StringFileInfo strings of the .exe's version information.
pub fn strings(exe: &[u8]) -> Result<Vec<VersionString>> {
    let (root, _) = node(version_resource(exe)?, 0)?;
    if root.key != "VS_VERSION_INFO" || u32_at(root.value, 0)? != 0xFEEF_04BD {
        bail!("not a VS_VERSIONINFO resource");
    }
    let mut out = Vec::new();
    for info in root.children.iter().filter(|n| n.key == "StringFileInfo") {
        for table in &info.children {
            for s in table.children.iter().filter(|s| s.text) {
                let units: Vec<u16> = s
                    .value
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .take_while(|&c| c != 0)
                    .collect();
                out.push(VersionString {
                    block: table.key.clone(),
                    key: s.key.clone(),
                    value: String::from_utf16(&units).context("value is not UTF-16")?,
                });
            }
        }
    }
    Ok(out)
}

/// Fails unless the .exe names the product, carries `version` and a Japanese description.
pub fn verify(exe: &[u8], version: &str) -> Result<Vec<VersionString>> {
    let all = strings(exe)?;
    let get = |key: &str| {
        all.iter()
            .find(|s| s.block.eq_ignore_ascii_case("041104b0") && s.key == key)
            .map(|s| s.value.as_str())
    };
    if get("ProductName") != Some("certcheck") {
        bail!("ProductName is {:?}, not certcheck", get("ProductName"));
    }
    for key in ["ProductVersion", "FileVersion"] {
        if get(key) != Some(version) {
            bail!("{key} is {:?}, not {version}", get(key));
        }
    }
    let description = get("FileDescription").unwrap_or_default();
    if !description.contains("電子証明書") {
        bail!("FileDescription {description:?} is not the Japanese description");
    }
    Ok(all)
}
