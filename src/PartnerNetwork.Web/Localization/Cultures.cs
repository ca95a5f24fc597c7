using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace PartnerNetwork.Web.Localization;

public static class Cultures
{
    public const string French = "fr-CA";
    public const string English = "en-CA";

    public static readonly CultureInfo[] Supported = [new(French), new(English)];

    /// <summary>French first (Charter of the French language): the browser's language does not override it, the switch does.</summary>
    public static RequestLocalizationOptions Options { get; } = new()
    {
        DefaultRequestCulture = new RequestCulture(French),
        SupportedCultures = Supported,
        SupportedUICultures = Supported,
        RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
    };

    public static bool IsFrench => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr";

    /// <summary>Remembers a language for a year in the culture cookie (the switch, and a user's own preference at sign-in).</summary>
    public static void Remember(HttpResponse response, string culture, TimeProvider clock) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = clock.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });

    public static void LocaliseModelBinding(MvcOptions options, IStringLocalizer<SharedResource> L)
    {
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => L["Binding.Invalid", value, field]);
        messages.SetValueIsInvalidAccessor(value => L["Binding.InvalidValue", value]);
        messages.SetValueMustBeANumberAccessor(field => L["Binding.NotANumber", field]);
        messages.SetMissingBindRequiredValueAccessor(field => L["Binding.Required", field]);
        messages.SetMissingKeyOrValueAccessor(() => L["Binding.Missing"]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => L["Binding.Missing"]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => L["Binding.InvalidValue", value]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => L["Binding.Missing"]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => L["Binding.NotANumberPlain"]);
        messages.SetUnknownValueIsInvalidAccessor(field => L["Binding.InvalidField", field]);
        messages.SetValueMustNotBeNullAccessor(field => L["Binding.Required", field]);
    }
}
