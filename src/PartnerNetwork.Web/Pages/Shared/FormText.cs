namespace PartnerNetwork.Web.Pages.Shared;

public static class FormText
{
    /// <summary>An optional field as stored: trimmed, or null when left blank.</summary>
    public static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
