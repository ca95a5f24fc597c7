namespace PartnerNetwork.Data.Exchange;

/// <summary>
/// How much of a file any tabular reader (CSV, workbook, HSDS package or JSON) takes in, checked while reading: a few
/// kilobytes must not hold a request for minutes or the process's memory (a one-cell-at-XFD workbook, a zip of ten
/// million empty rows).
/// </summary>
public static class ImportLimits
{
    /// <summary>Rows of one table (a package's file, JSON records of one kind) through the page; the command line takes ten times more.</summary>
    public const int MaxRows = 200_000;

    /// <summary>Columns of a row: the template has 22, an HSDS table at most 23.</summary>
    public const int MaxColumns = 100;

    /// <summary>Characters of a cell: Excel's own limit, and well past the longest text we keep (4,000).</summary>
    public const int MaxCellLength = 32_767;

    /// <summary>Bytes a zip (a package or a workbook) may expand to through the page; the command line takes ten times more.</summary>
    public const long MaxExpandedBytes = 200L * 1024 * 1024;
}

public static class ImportProgress
{
    /// <summary>How many records between two progress reports.</summary>
    public const int Every = 250;
}
