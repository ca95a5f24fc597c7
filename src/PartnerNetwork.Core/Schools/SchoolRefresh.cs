using PartnerNetwork.Core.Geo;

namespace PartnerNetwork.Core.Schools;

public enum SchoolChangeKind
{
    New,
    Closed,
    Reopened,
    Moved,
    Renamed,
    Levels,
    Buildings,
    ImseDecile,
    SfrDecile,
    Enrolment,
}

/// <summary>One difference between the schools in the database and a newer ministry file, as the refresh reports it.</summary>
public sealed record SchoolChange(SchoolChangeKind Kind, string Code, string Name, string? Before, string? After);

/// <summary>
/// The yearly refresh's comparison: what a newer school file and deprivation file change in the schools we hold.
/// Pure, so that what is reported is exactly what <see cref="ApplyTo"/> then does.
/// </summary>
public static class SchoolRefresh
{
    /// <summary>A main building moved less than this is the same place (the files' rounding, a re-geocoding).</summary>
    public const double MovedKm = 0.05;

    /// <param name="current">The schools held now (closed ones too), with their sites.</param>
    /// <param name="incoming">Every school of the newer files.</param>
    public static List<SchoolChange> Compare(IReadOnlyList<School> current, IReadOnlyList<School> incoming)
    {
        var changes = new List<SchoolChange>();
        var held = current.ToDictionary(s => s.Code);
        foreach (var school in incoming.OrderBy(s => s.Code, StringComparer.Ordinal))
        {
            if (!held.TryGetValue(school.Code, out var old))
            {
                changes.Add(new(SchoolChangeKind.New, school.Code, school.Name, null, Place(school)));
                continue;
            }
            var name = school.Name;
            if (old.ClosedOn is not null) changes.Add(new(SchoolChangeKind.Reopened, school.Code, name, old.ClosedOn.Value.ToString("yyyy-MM-dd"), null));
            if (Moved(old, school)) changes.Add(new(SchoolChangeKind.Moved, school.Code, name, Place(old), Place(school)));
            if (old.Name != school.Name) changes.Add(new(SchoolChangeKind.Renamed, school.Code, name, old.Name, school.Name));
            if (old.Levels != school.Levels) changes.Add(new(SchoolChangeKind.Levels, school.Code, name, old.Levels.ToString(), school.Levels.ToString()));
            if (Buildings(old) != Buildings(school)) changes.Add(new(SchoolChangeKind.Buildings, school.Code, name, Buildings(old), Buildings(school)));
            if (old.ImseDecile != school.ImseDecile) changes.Add(new(SchoolChangeKind.ImseDecile, school.Code, name, Text(old.ImseDecile), Text(school.ImseDecile)));
            if (old.SfrDecile != school.SfrDecile) changes.Add(new(SchoolChangeKind.SfrDecile, school.Code, name, Text(old.SfrDecile), Text(school.SfrDecile)));
            if (old.Enrolment != school.Enrolment) changes.Add(new(SchoolChangeKind.Enrolment, school.Code, name, Text(old.Enrolment), Text(school.Enrolment)));
        }
        var codes = incoming.Select(s => s.Code).ToHashSet();
        changes.AddRange(current.Where(s => s.ClosedOn is null && !codes.Contains(s.Code)).OrderBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => new SchoolChange(SchoolChangeKind.Closed, s.Code, s.Name, Place(s), null)));
        return changes;
    }

    /// <summary>
    /// Brings one held school to the newer files' state for the changes found (never anything else): a closed school
    /// keeps its record and history, with the day it was found gone.
    /// </summary>
    public static void ApplyTo(School held, School? incoming, IEnumerable<SchoolChangeKind> kinds, DateOnly today)
    {
        foreach (var kind in kinds)
        {
            switch (kind)
            {
                case SchoolChangeKind.Closed: held.ClosedOn = today; break;
                case SchoolChangeKind.Reopened: held.ClosedOn = null; break;
                case SchoolChangeKind.Moved:
                    (held.Latitude, held.Longitude, held.Address, held.City, held.PostalCode) =
                        (incoming!.Latitude, incoming.Longitude, incoming.Address, incoming.City, incoming.PostalCode);
                    break;
                case SchoolChangeKind.Renamed: held.Name = incoming!.Name; break;
                case SchoolChangeKind.Levels: held.Levels = incoming!.Levels; break;
                case SchoolChangeKind.ImseDecile: held.ImseDecile = incoming!.ImseDecile; break;
                case SchoolChangeKind.SfrDecile: held.SfrDecile = incoming!.SfrDecile; break;
                case SchoolChangeKind.Enrolment: held.Enrolment = incoming!.Enrolment; break;
            }
        }
    }

    // Losing or gaining a position is a move too: the school leaves or joins the maps.
    static bool Moved(School old, School now) => old.HasPosition != now.HasPosition
        || old.HasPosition && Geodesy.DistanceKm(old.Latitude!.Value, old.Longitude!.Value, now.Latitude!.Value, now.Longitude!.Value) > MovedKm;

    static string Place(School s) => s.HasPosition
        ? FormattableString.Invariant($"{s.Latitude:0.######}, {s.Longitude:0.######} {s.Address} {s.City}").Trim()
        : "—";

    static string Buildings(School s) => string.Join(" ", s.Sites.Select(x => x.BuildingCode).Order(StringComparer.Ordinal));

    static string? Text(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
