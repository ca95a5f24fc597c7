namespace PartnerNetwork.Data.Exchange;

public enum ImportFormat
{
    Spreadsheet,
    DataPackage,
    Json,
    Workbook,
}

public static class ImportFormats
{
    /// <summary>
    /// A zip starts with "PK" (an Excel workbook is a zip holding xl/workbook.xml); JSON with [ or { after any byte-order
    /// mark and spaces; anything else is read as CSV.
    /// </summary>
    public static ImportFormat Of(byte[] bytes)
    {
        ReadOnlySpan<byte> content = bytes;
        if (content.StartsWith("PK"u8)) return IsWorkbook(bytes) ? ImportFormat.Workbook : ImportFormat.DataPackage;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) content = content[3..];
        var first = content.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && content[first] is (byte)'[' or (byte)'{' ? ImportFormat.Json : ImportFormat.Spreadsheet;
    }

    static bool IsWorkbook(byte[] bytes)
    {
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
            return zip.GetEntry("xl/workbook.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
