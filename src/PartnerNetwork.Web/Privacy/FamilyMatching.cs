using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Privacy;

/// <summary>
/// The key of the family contact hashes (<c>Families:MatchKey</c>, at least 32 characters; keep it out of the
/// database), and the rehash that follows a key rotation: `dotnet run --project src/PartnerNetwork.Web -- rehash-families`.
/// </summary>
public static class FamilyMatching
{
    public const int MinKeyLength = 32;

    // Development only: anywhere else the app refuses to start without its own secret key.
    const string DevelopmentKey = "development-only-family-match-key-change-me-in-production";

    /// <summary>Why the app must not start with this configuration (one line for the console), or null when the key is usable.</summary>
    public static string? Refusal(IConfiguration configuration, IHostEnvironment environment)
    {
        var key = configuration["Families:MatchKey"];
        if (string.IsNullOrEmpty(key))
            return environment.IsDevelopment() ? null
                : $"Families:MatchKey is not set: the app does not start without it outside Development. Set a secret key of {MinKeyLength} characters or more (e.g. the environment variable Families__MatchKey).";
        return key.Length < MinKeyLength ? $"Families:MatchKey must have at least {MinKeyLength} characters." : null;
    }

    /// <summary>The configured key; the development key only in Development. Call after <see cref="Refusal"/> found nothing.</summary>
    public static ContactMatch KeyFrom(IConfiguration configuration, IHostEnvironment environment)
    {
        if (Refusal(configuration, environment) is { } refusal) throw new InvalidOperationException(refusal);
        var key = configuration["Families:MatchKey"];
        return new ContactMatch(Encoding.UTF8.GetBytes(string.IsNullOrEmpty(key) ? DevelopmentKey : key));
    }

    /// <summary>Recomputes the hashes of every family not anonymised (all, or only those missing one); returns how many changed.</summary>
    public static async Task<int> RehashAsync(PartnerNetworkDb db, ContactMatch matching, bool onlyMissing)
    {
        var changed = 0;
        var query = db.Families.Where(f => f.AnonymisedAt == null && (f.Phone != null || f.Email != null));
        if (onlyMissing) query = query.Where(f => (f.Phone != null && f.PhoneMatch == null) || (f.Email != null && f.EmailMatch == null));
        foreach (var family in await query.ToListAsync())
        {
            var (phone, email) = (family.PhoneMatch, family.EmailMatch);
            matching.Apply(family);
            if (phone != family.PhoneMatch || email != family.EmailMatch) changed++;
        }
        await db.SaveChangesAsync();
        return changed;
    }
}
