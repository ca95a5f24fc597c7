namespace PartnerNetwork.Web.Exchange;

public enum ImportFormat
{
    Spreadsheet,
    DataPackage,
    Json,
}

public static class ImportFormats
{
    /// <summary>A zip starts with "PK"; JSON with [ or { after any byte-order mark and spaces; anything else is read as CSV.</summary>
    public static ImportFormat Of(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("PK"u8)) return ImportFormat.DataPackage;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) content = content[3..];
        var first = content.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && content[first] is (byte)'[' or (byte)'{' ? ImportFormat.Json : ImportFormat.Spreadsheet;
    }
}
