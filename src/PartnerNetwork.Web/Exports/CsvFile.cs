using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;

namespace PartnerNetwork.Web.Exports;

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
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var name in header) csv.WriteField(Neutralise(name));
            csv.NextRecord();
            foreach (var row in rows)
            {
                if (row.Count != header.Count) throw new ArgumentException($"A row has {row.Count} cells for {header.Count} columns.", nameof(rows));
                foreach (var cell in row) csv.WriteField(Neutralise(Format(cell)));
                csv.NextRecord();
            }
        }
        return stream.ToArray();
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
    public static string Neutralise(string cell) =>
        cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + cell
            : cell;
}
