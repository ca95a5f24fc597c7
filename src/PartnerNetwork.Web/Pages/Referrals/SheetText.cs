using System.Globalization;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Web.Pages.Referrals;

/// <summary>
/// The take-home sheet's own words in the languages most spoken by Montréal's newcomer families, besides French and
/// English. Plain language, short sentences; translations written by people, no machine translation.
/// </summary>
public sealed record SheetText(
    string Language, bool RightToLeft, string WhatTheyOffer, string WhoCanGo, string Cost, string Free, string LowCost, string Fee,
    string HowToReach, string Where, string When, string Closed, string Languages, string Phone, string Email, string Website,
    string WarmHandoff, string InformationGiven, string FollowUp, string Contact, string InFrench)
{
    public static readonly IReadOnlyDictionary<string, SheetText> All = new Dictionary<string, SheetText>
    {
        ["fr"] = new("fr", false, "Ce qu’ils offrent", "Qui peut y aller", "Coût", "Gratuit", "À faible coût", "Payant", "Comment les joindre", "Où",
            "Heures d’ouverture", "Fermé", "Langues parlées", "Téléphone", "Courriel", "Site Web",
            "Ce service va vous appeler bientôt. Gardez cette feuille.", "Vous pouvez les appeler ou y aller pendant les heures d’ouverture.",
            "{0} vous rappellera le {1}.", "Votre personne-ressource à l’école : {0}, {1}.", ""),
        ["en"] = new("en", false, "What they offer", "Who can go", "Cost", "Free", "Low cost", "Fee", "How to reach them", "Where",
            "Opening hours", "Closed", "Languages spoken", "Phone", "E-mail", "Website",
            "This service will call you soon. Keep this sheet.", "You can call them or go there during opening hours.",
            "{0} will call you back on {1}.", "Your contact person at school: {0}, {1}.", "(text in French)"),
        ["es"] = new("es", false, "Lo que ofrecen", "Quién puede ir", "Costo", "Gratis", "Bajo costo", "De pago", "Cómo contactarlos", "Dónde",
            "Horario", "Cerrado", "Idiomas", "Teléfono", "Correo electrónico", "Sitio web",
            "Este servicio le va a llamar pronto. Guarde esta hoja.", "Puede llamarlos o ir durante el horario de atención.",
            "{0} le llamará el {1}.", "Su persona de contacto en la escuela: {0}, {1}.", "(texto en francés)"),
        ["ar"] = new("ar", true, "ما يقدمونه", "من يمكنه الذهاب", "التكلفة", "مجاني", "بتكلفة منخفضة", "مدفوع", "كيفية التواصل معهم", "أين",
            "ساعات العمل", "مغلق", "اللغات", "الهاتف", "البريد الإلكتروني", "الموقع الإلكتروني",
            "ستتصل بكم هذه الخدمة قريبًا. احتفظوا بهذه الورقة.", "يمكنكم الاتصال بهم أو الذهاب إليهم خلال ساعات العمل.",
            "سيتصل بكم {0} يوم {1}.", "الشخص المسؤول عنكم في المدرسة: {0}، {1}.", "(النص باللغة الفرنسية)"),
        ["ht"] = new("ht", false, "Sa yo ofri", "Kiyès ki ka ale", "Pri", "Gratis", "Pa koute chè", "Fòk ou peye", "Kijan pou kontakte yo", "Ki kote",
            "Lè yo ouvè", "Fèmen", "Lang yo pale", "Telefòn", "Imèl", "Sit entènèt",
            "Sèvis sa a pral rele w byento. Kenbe fèy sa a.", "Ou ka rele yo oswa ale lè yo ouvè.",
            "{0} ap rele w {1}.", "Moun pou kontakte nan lekòl la: {0}, {1}.", "(tèks an franse)"),
        ["zh"] = new("zh-Hans", false, "服务内容", "服务对象", "费用", "免费", "低收费", "收费", "联系方式", "地点",
            "开放时间", "休息", "服务语言", "电话", "电子邮件", "网站",
            "该服务会很快给您打电话。请保留这张纸。", "您可以在开放时间给他们打电话或前往。",
            "{0}将于{1}给您回电。", "您在学校的联系人：{0}，{1}。", "（法语原文）"),
    };

    static readonly string[] HaitianDays = ["dimanch", "lendi", "madi", "mèkredi", "jedi", "vandredi", "samdi"];
    static readonly string[] HaitianMonths = ["janvye", "fevriye", "mas", "avril", "me", "jen", "jiyè", "out", "septanm", "oktòb", "novanm", "desanm"];

    public string CostOf(Cost cost) => cost switch { Core.Catalogue.Cost.Free => Free, Core.Catalogue.Cost.LowCost => LowCost, _ => Fee };

    /// <summary>A date as the family reads it: "lundi 7 décembre", "lunes 7 de diciembre", "lendi 7 desanm"…</summary>
    public string DateInWords(DateOnly date)
    {
        if (Language == "ht") return $"{HaitianDays[(int)date.DayOfWeek]} {date.Day} {HaitianMonths[date.Month - 1]}";
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(Language == "fr" ? "fr-CA" : Language == "en" ? "en-CA" : Language).Clone();
        // The Gregorian calendar everywhere: a school's date, whatever the language's default calendar.
        if (culture.DateTimeFormat.Calendar is not GregorianCalendar) culture.DateTimeFormat.Calendar = new GregorianCalendar();
        var pattern = Language switch { "en" => "dddd, MMMM d", "es" => "dddd d 'de' MMMM", "zh-Hans" => "M月d日 dddd", _ => "dddd d MMMM" };
        return date.ToString(pattern, culture);
    }

    public string DayName(DayOfWeek day) => Language == "ht" ? HaitianDays[(int)day]
        : CultureInfo.GetCultureInfo(Language == "fr" ? "fr-CA" : Language == "en" ? "en-CA" : Language).DateTimeFormat.GetDayName(day);

    /// <summary>The sheet's language: the one asked for, else the one the agent chose on the referral, else the family's when the sheet speaks it, else French.</summary>
    public static string LanguageFor(string? asked, string? familyLanguage, string? referralLanguage) =>
        asked is not null && All.ContainsKey(asked) ? asked
        : referralLanguage is not null && All.ContainsKey(referralLanguage) ? referralLanguage
        : familyLanguage is not null && All.ContainsKey(familyLanguage) ? familyLanguage
        : "fr";
}
