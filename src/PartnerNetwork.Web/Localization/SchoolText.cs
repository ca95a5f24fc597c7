using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Web.Localization;

/// <summary>How a school's facts read on every page: a missing index says so (never 0), levels in the reader's language.</summary>
public static class SchoolText
{
    public static readonly SchoolLevels[] Levels = [SchoolLevels.Preschool, SchoolLevels.Primary, SchoolLevels.Secondary, SchoolLevels.Vocational, SchoolLevels.Adult];

    /// <summary>"Fermée depuis le 1 juillet 2026" / "Closed since July 1, 2026".</summary>
    public static string ClosedSince(IStringLocalizer L, DateOnly day) =>
        L["School.ClosedSince", day.ToString(Cultures.IsFrench ? "d MMMM yyyy" : "MMMM d, yyyy", System.Globalization.CultureInfo.CurrentCulture)];

    /// <summary>A school's name in a choice list, "(fermée)" / "(closed)" after it when it has closed.</summary>
    public static string ChoiceName(IStringLocalizer L, string name, DateOnly? closedOn) =>
        closedOn is null ? name : $"{name} ({L["School.ClosedTag"]})";

    public static string Decile(IStringLocalizer L, int? decile) => decile?.ToString() ?? L["School.IndexNotAvailable"];

    public static string Level(IStringLocalizer L, SchoolLevels level) => L[$"SchoolLevel.{level}"];

    public static string Describe(IStringLocalizer L, SchoolLevels levels) =>
        string.Join(", ", Levels.Where(l => levels.HasFlag(l)).Select(l => Level(L, l)));

    /// <summary>A level from a query string ("primary", "secondary"…), or null for every level; anything else is null too.</summary>
    public static SchoolLevels? ParseLevel(string? text) =>
        Enum.TryParse<SchoolLevels>(text, ignoreCase: true, out var level) && Levels.Contains(level) ? level : null;
}
