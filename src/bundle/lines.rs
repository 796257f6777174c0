//! Line numbers as an editor or a spreadsheet shows them: the header is line 1, a
//! line ends at `\n`, `\r\n` or a lone `\r`, and a quoted cell that spans lines
//! counts every physical line it takes.

/// Where each line break of a file lies, to turn a byte offset into its line number.
pub struct Lines {
    /// Each line break as (first byte, byte after it), in order.
    breaks: Vec<(u64, u64)>,
}

impl Lines {
    pub fn of(bytes: &[u8]) -> Lines {
        let mut breaks = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let width = match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
                b'\n' | b'\r' => 1,
                _ => 0,
            };
            if width > 0 {
                breaks.push((i as u64, (i + width) as u64));
                i += width;
            } else {
                i += 1;
            }
        }
        Lines { breaks }
    }

    /// The line (from 1) that holds the byte at `offset`; a line break belongs to
    /// the line it ends.
    pub fn at(&self, offset: u64) -> u64 {
        self.breaks.partition_point(|&(_, end)| end <= offset) as u64 + 1
    }

    /// The line a record starts on, from the offset the csv reader gives for it: the
    /// line break that ends the row before, which is skipped (with any blank lines).
    pub fn of_record(&self, mut offset: u64) -> u64 {
        loop {
            let next = self.breaks.partition_point(|&(_, end)| end <= offset);
            match self.breaks.get(next) {
                Some(&(start, end)) if start <= offset => offset = end,
                _ => return self.at(offset),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    /// The line of each record's first byte, as the csv reader reports them.
    fn record_lines(text: &str) -> Vec<u64> {
        let lines = Lines::of(text.as_bytes());
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| {
                let record = r.unwrap_or_else(|e| panic!("{e}"));
                lines.of_record(record.position().map_or(0, |p| p.byte()))
            })
            .collect()
    }

    #[test]
    fn lf_and_crlf_files_number_alike() {
        assert_eq!(record_lines("id,name\na,A\nb,B\n"), [2, 3]);
        assert_eq!(record_lines("id,name\r\na,A\r\nb,B\r\n"), [2, 3]);
        assert_eq!(record_lines("id,name\ra,A\rb,B\r"), [2, 3]);
    }

    #[test]
    fn a_quoted_cell_counts_its_physical_lines() {
        let text = "id,note\r\na,\"two\r\nlines\"\r\nb,after\r\n";
        assert_eq!(record_lines(text), [2, 4]);
        let text = "id,note\na,\"one\ntwo\nthree\"\nb,after\n";
        assert_eq!(record_lines(text), [2, 5]);
    }

    #[test]
    fn offsets_map_to_their_lines() {
        let lines = Lines::of(b"ab\ncd\r\nef");
        assert_eq!(
            [0, 2, 3, 5, 6, 7, 8].map(|o| lines.at(o)),
            [1, 1, 2, 2, 2, 3, 3]
        );
    }
}
