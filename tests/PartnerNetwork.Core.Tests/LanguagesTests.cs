using System.Globalization;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Core.Tests;

/// <summary>Every ISO 639-1 language .NET knows, named in French and English whatever the caller's culture.</summary>
public class LanguagesTests
{
    [Theory]
    [InlineData("ur", "ourdou", "Urdu")]
    [InlineData("pl", "polonais", "Polish")]
    [InlineData("ht", "créole haïtien", "Haitian Creole")]
    [InlineData("tl", "tagalog", "Tagalog")]
    public void A_language_is_known_and_named_from_the_cultures_in_french_and_english(string code, string french, string english)
    {
        Assert.True(Languages.IsKnown(code));
        Assert.Contains(code, Languages.Codes);
        Assert.Equal((french, english), (Languages.Name(code, new CultureInfo("fr-CA")), Languages.Name(code, new CultureInfo("en-CA"))));
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("klingon")]
    [InlineData("UR")]
    [InlineData("")]
    public void What_is_not_an_iso_639_1_code_is_not_a_language(string code) => Assert.False(Languages.IsKnown(code));

    [Fact]
    public void The_common_languages_come_first_and_there_are_more_than_a_hundred()
    {
        Assert.Equal(Languages.Common, Languages.Codes.Take(Languages.Common.Count));
        Assert.True(Languages.Codes.Count > 100);
        Assert.Equal(Languages.Codes.Count, Languages.Codes.Distinct().Count());
    }
}
