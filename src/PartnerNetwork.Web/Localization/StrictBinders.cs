using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace PartnerNetwork.Web.Localization;

/// <summary>
/// Booleans from checkboxes and query strings. Anything but true/false/on/off is a localised validation error, and the
/// field's value is reset to "false", so that the form can be shown again with the message (ASP.NET's own binder
/// leaves the bad text in the model state, and the checkbox helper then fails to render it).
/// </summary>
public sealed class StrictBooleanBinder(IStringLocalizer<SharedResource> L) : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        var value = context.ValueProvider.GetValue(context.ModelName);
        if (value == ValueProviderResult.None) return Task.CompletedTask;
        var text = value.FirstValue?.Trim();
        bool? parsed = text?.ToLowerInvariant() switch
        {
            null or "" => null,
            "true" or "on" => true,
            "false" or "off" => false,
            _ => null,
        };
        if (parsed is { } flag || string.IsNullOrEmpty(text))
        {
            context.ModelState.SetModelValue(context.ModelName, value);
            context.Result = parsed is null && context.ModelMetadata.IsReferenceOrNullableType
                ? ModelBindingResult.Success(null)
                : ModelBindingResult.Success(parsed ?? false);
            return Task.CompletedTask;
        }
        context.ModelState.SetModelValue(context.ModelName, new ValueProviderResult("false"));
        context.ModelState.TryAddModelError(context.ModelName, L["Binding.NotABoolean", context.ModelMetadata.GetDisplayName()]);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Dates from date inputs (ISO yyyy-MM-dd, or the page culture's short date). Years outside <see cref="MinYear"/>–
/// <see cref="MaxYear"/> are refused with a message: nobody means them, and adding a consent's duration to 9999-12-31
/// overflows the calendar.
/// </summary>
public sealed class BoundedDateBinder(IStringLocalizer<SharedResource> L) : IModelBinder
{
    public const int MinYear = 1900;
    public const int MaxYear = 2199;

    public Task BindModelAsync(ModelBindingContext context)
    {
        if (PostedText.Read(context) is not { } text) return Task.CompletedTask;
        if ((DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
             || DateOnly.TryParse(text, CultureInfo.CurrentCulture, DateTimeStyles.None, out date))
            && date.Year is >= MinYear and <= MaxYear)
        {
            context.Result = ModelBindingResult.Success(date);
            return Task.CompletedTask;
        }
        context.ModelState.SetModelValue(context.ModelName, new ValueProviderResult(""));
        context.ModelState.TryAddModelError(context.ModelName, L["Binding.DateOutOfRange", context.ModelMetadata.GetDisplayName(), MinYear, MaxYear]);
        return Task.CompletedTask;
    }
}

/// <summary>The start every text binder shares: the posted value recorded in the model state, trimmed.</summary>
static class PostedText
{
    /// <summary>Null when nothing was posted, or an empty value (which binds a nullable field to null).</summary>
    public static string? Read(ModelBindingContext context)
    {
        var value = context.ValueProvider.GetValue(context.ModelName);
        if (value == ValueProviderResult.None) return null;
        context.ModelState.SetModelValue(context.ModelName, value);
        var text = value.FirstValue?.Trim();
        if (!string.IsNullOrEmpty(text)) return text;
        if (context.ModelMetadata.IsReferenceOrNullableType) context.Result = ModelBindingResult.Success(null);
        return null;
    }
}

public sealed class StrictBinderProvider(IStringLocalizer<SharedResource> L) : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) => context.Metadata.ModelType switch
    {
        var t when t == typeof(bool) || t == typeof(bool?) => new StrictBooleanBinder(L),
        var t when t == typeof(DateOnly) || t == typeof(DateOnly?) => new BoundedDateBinder(L),
        _ => null,
    };
}
