namespace PartnerNetwork.Core.Catalogue;

/// <summary>The languages a service can be listed in (ISO 639-1): Quebec's official and most spoken home languages.</summary>
public static class Languages
{
    /// <summary>Room for a code with a region ("pt-BR").</summary>
    public const int CodeMaxLength = 8;

    public static readonly IReadOnlyList<string> Codes =
        ["fr", "en", "es", "ar", "zh", "vi", "ht", "fa", "ta", "pt", "ru", "uk", "tl", "bn", "pa"];
}
