//! Just enough `multipart/form-data` for the import page: named text fields and
//! one uploaded file, read from a body already limited in size.

/// One part of a form: its field name and raw content.
#[derive(Debug, PartialEq, Eq)]
pub struct Part<'a> {
    pub name: String,
    pub filename: Option<String>,
    pub data: &'a [u8],
}

/// The boundary named in a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    if !content_type.trim_start().starts_with("multipart/form-data") {
        return None;
    }
    content_type.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        (k.eq_ignore_ascii_case("boundary")).then(|| v.trim_matches('"').to_string())
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

fn header_param(line: &str, key: &str) -> Option<String> {
    line.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        (k.trim().eq_ignore_ascii_case(key)).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The parts of `body`, or `None` when it is not well-formed.
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Option<Vec<Part<'a>>> {
    let delimiter = format!("--{boundary}");
    let delim = delimiter.as_bytes();
    let mut parts = Vec::new();
    let mut pos = find(body, delim, 0)? + delim.len();
    loop {
        if body.get(pos..pos + 2) == Some(b"--") {
            return Some(parts);
        }
        pos += 2; // CRLF after the delimiter
        let headers_end = find(body, b"\r\n\r\n", pos)?;
        let headers = std::str::from_utf8(&body[pos..headers_end]).ok()?;
        let content_start = headers_end + 4;
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), content_start)?;
        let disposition = headers
            .split("\r\n")
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?;
        parts.push(Part {
            name: header_param(disposition, "name")?,
            filename: header_param(disposition, "filename"),
            data: &body[content_start..next],
        });
        pos = next + 2 + delim.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_a_file_are_read() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hr.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\
                    --XyZ--\r\n";
        let b = boundary("multipart/form-data; boundary=XyZ").unwrap();
        let parts = parse(body.as_bytes(), &b).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf");
        assert_eq!(parts[0].data, b"tok");
        assert_eq!(parts[1].filename.as_deref(), Some("hr.csv"));
        assert_eq!(parts[1].data, b"a,b\r\n1,2");
    }

    #[test]
    fn other_content_types_and_broken_bodies_are_refused() {
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert_eq!(parse(b"--X\r\nno headers end", "X"), None);
    }
}
