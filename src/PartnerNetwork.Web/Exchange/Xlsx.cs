using System.Globalization;
using System.Text;
using CsvHelper;
using MiniExcelLibs;
using PartnerNetwork.Web.Exports;

namespace PartnerNetwork.Web.Exchange;

/// <summary>
/// The spreadsheet template as an Excel workbook (MiniExcel). Reading turns the first sheet into the same CSV text the
/// spreadsheet importer reads, so a workbook and a CSV are checked by the same rules; writing neutralises text cells
/// like the CSV writer, since a workbook passed around may be re-saved from another tool.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The first sheet as CSV text (invariant numbers, ISO dates); null when the bytes are not a workbook.</summary>
    public static byte[]? ToCsv(byte[] workbook)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            using var stream = new MemoryStream(workbook);
            rows = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or System.Xml.XmlException or IOException or NotSupportedException or ArgumentException or KeyNotFoundException)
        {
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
