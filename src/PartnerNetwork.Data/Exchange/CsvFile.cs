using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;

namespace PartnerNetwork.Data.Exchange;

/// <summary>
/// The one way the product writes CSV: UTF-8 with a byte-order mark (Excel then reads accents right), invariant
/// culture (a decimal point, whatever the reader's language), and cells that a spreadsheet would run as a formula
/// (starting with = + - @, a tab or a carriage return) neutralised with a leading apostrophe.
/// </summary>
public static class CsvFile
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>Writes a header and one line per row; each row gives its cells in the header's order.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var stream = new MemoryStream();
        using (var csv = Writer(stream, header))
            foreach (var row in rows) WriteRow(csv, header.Count, row);
        return stream.ToArray();
    }

    /// <summary>A CSV writer on a stream (left open), its header written: for files written a few rows at a time.</summary>
    public static CsvWriter Writer(Stream stream, IReadOnlyList<string> header)
    {
        var csv = new CsvWriter(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true), CultureInfo.InvariantCulture);
        foreach (var name in header) csv.WriteField(Neutralise(name));
        csv.NextRecord();
        return csv;
    }

    public static void WriteRow(CsvWriter csv, int columns, IReadOnlyList<object?> row)
    {
        if (row.Count != columns) throw new ArgumentException($"A row has {row.Count} cells for {columns} columns.", nameof(row));
        foreach (var cell in row) csv.WriteField(Neutralise(Format(cell)));
        csv.NextRecord();
    }

    public static FileContentResult Result(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows) =>
        new(Write(header, rows), ContentType) { FileDownloadName = fileName };

    /// <summary>A cell as text in the invariant culture; null is an empty cell.</summary>
    public static string Format(object? cell) => cell switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    /// <summary>A cell a spreadsheet would evaluate becomes plain text. Numbers written by us ("-1.5") are left as they are.</summary>
    public static string Neutralise(string cell) => FieldChecks.IsFormula(cell) ? "'" + cell : cell;

    /// <summary>A cell read back from a file we wrote: the apostrophe <see cref="Neutralise"/> added goes, nothing else.</summary>
    public static string Unneutralise(string cell) => cell.Length > 1 && cell[0] == '\'' && FieldChecks.IsFormula(cell[1..]) ? cell[1..] : cell;
}
