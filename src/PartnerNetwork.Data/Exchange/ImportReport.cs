using Microsoft.Extensions.Localization;

namespace PartnerNetwork.Data.Exchange;

/// <summary>What a run's problems say about its records, for the page, its CSV download and the import command alike.</summary>
public static class ImportReport
{
    public static readonly string[] Header = ["line", "column", "value", "problem", "outcome"];

    /// <summary>The report's rows under <see cref="Header"/>.</summary>
    public static IEnumerable<object?[]> Rows(IEnumerable<ImportProblem> problems, IStringLocalizer L)
    {
        var refused = RefusedLines(problems);
        return problems.Select(p => new object?[] { p.Line == 0 ? null : p.Line, p.Column, p.Value, L[p.MessageKey].Value, L[OutcomeKey(p, refused)].Value });
    }

    /// <summary>The records a problem refused; a record with warnings only came in without those fields.</summary>
    public static HashSet<int> RefusedLines(IEnumerable<ImportProblem> problems) => [.. problems.Where(p => !p.Warning).Select(p => p.Line)];

    public static string OutcomeKey(ImportProblem problem, HashSet<int> refused) =>
        refused.Contains(problem.Line) ? "Import.RecordRefused" : "Import.RecordWithWarnings";

    /// <summary>Records that came in without some field: lines with warnings and nothing that refused them.</summary>
    public static int WithWarnings(IReadOnlyCollection<ImportProblem> problems)
    {
        var refused = RefusedLines(problems);
        return problems.Where(p => p.Warning && p.Line > 0 && !refused.Contains(p.Line)).Select(p => p.Line).Distinct().Count();
    }
}
