using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace PartnerNetwork.Web.Localization;

/// <summary>
/// Browsers submit &lt;input type="number"&gt; with a dot whatever the page language, but form values are parsed in the
/// request culture, where fr-CA expects a comma: "45.52" would be refused. Accept both. Only finite numbers are
/// numbers here: "NaN", "Infinity" and values beyond double's range are refused with the usual message.
/// </summary>
public sealed class InvariantNumberBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        if (PostedText.Read(context) is not { } text) return Task.CompletedTask;
        if ((double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
             || double.TryParse(text, NumberStyles.Float, CultureInfo.CurrentCulture, out number))
            && double.IsFinite(number))
        {
            context.Result = ModelBindingResult.Success(number);
            return Task.CompletedTask;
        }
        context.ModelState.TryAddModelError(context.ModelName,
            context.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text, context.ModelMetadata.GetDisplayName()));
        return Task.CompletedTask;
    }
}

public sealed class InvariantNumberBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(double) || context.Metadata.ModelType == typeof(double?) ? new InvariantNumberBinder() : null;
}
