namespace PartnerNetwork.Core.Catalogue;

/// <summary>A term of the bilingual need taxonomy (HSDS taxonomy_term).</summary>
public class NeedCategory
{
    public const int CodeMaxLength = 50;
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;

    public Guid Id { get; set; }

    /// <summary>Stable code, e.g. "food-security"; what imports and URLs use.</summary>
    public string Code { get; set; } = "";

    public string NameFr { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string DescriptionFr { get; set; } = "";

    public string DescriptionEn { get; set; } = "";

    public int SortOrder { get; set; }

    public string Name(bool french) => french ? NameFr : NameEn;
}
