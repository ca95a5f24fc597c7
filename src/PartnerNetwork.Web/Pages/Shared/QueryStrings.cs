namespace PartnerNetwork.Web.Pages.Shared;

public static class QueryStrings
{
    /// <summary>
    /// The current query string with one parameter set (or removed when <paramref name="value"/> is null), any handler
    /// dropped, and the parameters in <paramref name="alsoDrop"/> left out: paging, sorting, CSV and map-data links.
    /// </summary>
    public static string With(IQueryCollection query, string key, string? value, params string[] alsoDrop) => "?" + string.Join('&', query
        .Where(q => !q.Key.Equals(key, StringComparison.OrdinalIgnoreCase) && q.Key != "handler" && !alsoDrop.Contains(q.Key, StringComparer.OrdinalIgnoreCase))
        .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
        .Concat(value is null ? [] : [$"{key}={Uri.EscapeDataString(value)}"]));
}
