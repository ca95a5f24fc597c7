namespace PartnerNetwork.Web.Mail;

/// <summary>E-mails about a person's own account: the link to choose a password, and a lockout notice. Bilingual.</summary>
public sealed class AccountMail(Outbox outbox)
{
    /// <summary>A new account: a one-time link to choose a password (nobody else ever sees or sets it).</summary>
    public void SetPasswordLink(string email, Guid userId, string token)
    {
        var link = $"{outbox.BaseUrl}/Account/SetPassword?userId={userId}&token={Uri.EscapeDataString(token)}";
        outbox.Stage(email, "Votre compte PartnerNetwork / Your PartnerNetwork account",
            $"Un compte PartnerNetwork a été créé pour vous. Choisissez votre mot de passe avec ce lien (valable {TokenLifespanDays} jours, une seule fois) :\n{link}\n\n" +
            $"A PartnerNetwork account was created for you. Choose your password with this link (valid {TokenLifespanDays} days, once):\n{link}\n\n— PartnerNetwork");
    }

    /// <summary>Failed sign-ins locked the account: its owner learns of it here, never on the sign-in page.</summary>
    public void LockedOut(string email, int minutes) =>
        outbox.Stage(email, "Compte verrouillé / Account locked",
            $"Après plusieurs mots de passe erronés, votre compte PartnerNetwork est verrouillé pour {minutes} minutes. Si ce n'était pas vous, prévenez l'administrateur.\n\n" +
            $"After several wrong passwords, your PartnerNetwork account is locked for {minutes} minutes. If this was not you, tell the administrator.\n\n— PartnerNetwork");

    /// <summary>How long a set-password link works.</summary>
    public const int TokenLifespanDays = 3;
}
