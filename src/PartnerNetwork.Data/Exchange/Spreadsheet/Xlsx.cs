using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using CsvHelper;
using MiniExcelLibs;

namespace PartnerNetwork.Data.Exchange.Spreadsheet;

/// <summary>
/// The spreadsheet template as an Excel workbook (MiniExcel). Reading turns the first sheet into the same CSV text the
/// spreadsheet importer reads, so a workbook and a CSV are checked by the same rules; writing neutralises text cells
/// like the CSV writer, since a workbook passed around may be re-saved from another tool.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// The first sheet as CSV text (invariant numbers, ISO dates); null when the bytes are not a workbook, or when the
    /// workbook is past a limit (<paramref name="refusal"/> says which).
    /// </summary>
    public static byte[]? ToCsv(byte[] workbook, out string? refusal, long maxExpandedBytes = ImportLimits.MaxExpandedBytes)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            // Measured before MiniExcel reads a row: it gives every row every column up to the widest one, so one cell at
            // XFD made each of 20 rows a 16,384-column row (35 s for a 4 KB file).
            refusal = Refusal(workbook, maxExpandedBytes);
            if (refusal is not null) return null;
            using var stream = new MemoryStream(workbook);
            rows = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or System.Xml.XmlException or IOException or NotSupportedException or ArgumentException or KeyNotFoundException)
        {
            refusal = "Import.BadWorkbook";
            return null;
        }
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), leaveOpen: true))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var row in rows)
            {
                foreach (var cell in row.Values) csv.WriteField(cell switch
                {
                    null => "",
                    DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    double n => n.ToString("R", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => cell.ToString() ?? "",
                });
                csv.NextRecord();
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Why a workbook may not be read, or null: more than <paramref name="maxExpandedBytes"/> once expanded, a sheet with more
    /// rows than the spreadsheet takes or cells past <see cref="ImportLimits.MaxColumns"/> (its declared dimension included).
    /// Read as a stream, counting as it goes: nothing of the sheet is held.
    /// </summary>
    static string? Refusal(byte[] workbook, long maxExpandedBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read);
        var budget = new ExpandedBudget(maxExpandedBytes);
        try
        {
            foreach (var entry in zip.Entries)
            {
                using var content = budget.Open(entry);
                if (!entry.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal))
                {
                    content.CopyTo(Stream.Null);
                    continue;
                }
                using var xml = XmlReader.Create(content, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
                var (rows, column) = (0, 0);
                while (xml.Read())
                {
                    if (xml.NodeType != XmlNodeType.Element) continue;
                    switch (xml.LocalName)
                    {
                        case "dimension" when xml.GetAttribute("ref") is { } range && ColumnOf(range[(range.IndexOf(':') + 1)..]) > ImportLimits.MaxColumns:
                            return "Import.TooManyColumns";
                        case "row":
                            if (++rows > SpreadsheetFormat.MaxRows + 1) return "Import.TooManyRows";
                            column = 0;
                            break;
                        case "c":
                            // A cell without a reference is the next one along.
                            column = xml.GetAttribute("r") is { } reference ? ColumnOf(reference) : column + 1;
                            if (column > ImportLimits.MaxColumns) return "Import.TooManyColumns";
                            break;
                    }
                }
            }
        }
        catch (InvalidDataException) when (budget.Spent)
        {
            return "Import.ZipTooLarge";
        }
        return null;
    }

    /// <summary>The column number of a cell reference ("A1" is 1, "XFD7" 16,384); letters past three are past any sheet.</summary>
    static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter).Take(4)) column = column * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        return column;
    }

    /// <summary>Counts the bytes a zip's entries expand to, across entries, and stops reading past the budget.</summary>
    sealed class ExpandedBudget(long limit)
    {
        long spent;

        public bool Spent => spent > limit;

        public Stream Open(ZipArchiveEntry entry) => new Counted(entry.Open(), this);

        sealed class Counted(Stream inner, ExpandedBudget budget) : Stream
        {
            public override int Read(byte[] buffer, int offset, int count)
            {
                var read = inner.Read(buffer, offset, count);
                budget.spent += read;
                if (budget.Spent) throw new InvalidDataException("The workbook expands beyond the limit.");
                return read;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>A workbook of one sheet: the header, then the rows, text cells neutralised.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var sheet = rows.Select(row =>
        {
            var record = new Dictionary<string, object?>();
            for (var i = 0; i < header.Count; i++)
                record[header[i]] = row[i] switch { string text => CsvFile.Neutralise(text), var other => other };
            return record;
        });
        using var stream = new MemoryStream();
        stream.SaveAs(sheet.ToList().DefaultIfEmpty(header.ToDictionary(h => h, _ => (object?)null)), sheetName: "repertoire");
        return stream.ToArray();
    }
}
