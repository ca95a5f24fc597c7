namespace PartnerNetwork.Data.Exchange;

/// <summary>What an import did (or, checked, would do): rows created, updated, unchanged and rejected, and why.</summary>
public sealed record ImportOutcome(int Created, int Updated, int Unchanged, int Rejected, List<ImportProblem> Problems);

/// <summary>
/// A problem found in a file: where (line, column), what value, and the localisation key saying why. A warning dropped
/// one field and let the record in; anything else refused the record (or, on line 0, the file).
/// </summary>
public sealed record ImportProblem(int Line, string Column, string Value, string MessageKey, bool Warning = false);
