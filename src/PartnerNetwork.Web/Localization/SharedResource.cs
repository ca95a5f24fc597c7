using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PartnerNetwork.Web.Localization;

/// <summary>Marker for Resources/Localization/SharedResource.{fr-CA,en-CA}.resx: every user-facing string.</summary>
public sealed class SharedResource;

/// <summary>
/// The shared localizer, keeping each string it found per culture: the resource manager allocated a new string and a
/// new LocalizedString on every lookup, and a search page makes about 150. Strings not found are not kept, so the
/// cache holds at most the resource files' keys.
/// </summary>
public sealed class CachedLocalizer(IStringLocalizerFactory factory) : IStringLocalizer<SharedResource>
{
    readonly IStringLocalizer inner = factory.Create(typeof(SharedResource));
    readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> found = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (found.TryGetValue(key, out var kept)) return kept;
            var value = inner[name];
            if (!value.ResourceNotFound) found.TryAdd(key, value);
            return value;
        }
    }

    // Formatted as the resource manager's localizer does: with the current culture.
    public LocalizedString this[string name, params object[] arguments] =>
        this[name] is { ResourceNotFound: false } format
            ? new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), false, format.SearchedLocation)
            : inner[name, arguments];

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
}
