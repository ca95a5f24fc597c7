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

    /// <summary>
    /// The account's address changed: both mailboxes are told, so that its former owner learns who holds it now (an
    /// address moved to someone else's mailbox is how an account would be taken over).
    /// </summary>
    public void EmailChanged(string previous, string current)
    {
        const string subject = "Adresse de votre compte modifiée / Your account's address changed";
        var body = $"L'adresse de courriel d'un compte PartnerNetwork a été changée par un administrateur : de {previous} à {current}. " +
                   "Ses sessions ouvertes ont pris fin. Si ce changement n'était pas prévu, prévenez votre centre de services scolaire ou votre organisme.\n\n" +
                   $"The e-mail address of a PartnerNetwork account was changed by an administrator: from {previous} to {current}. " +
                   "Its open sessions have ended. If this change was not expected, tell your school service centre or your organisation.\n\n— PartnerNetwork";
        outbox.Stage(previous, subject, body);
        outbox.Stage(current, subject, body);
    }

    /// <summary>A set-password link went to the account's current address: its address before the last change is told.</summary>
    public void SetPasswordLinkSentElsewhere(string previous, string current) =>
        outbox.Stage(previous, "Lien de mot de passe envoyé / Password link sent",
            $"Un lien pour choisir le mot de passe du compte PartnerNetwork qui utilisait cette adresse a été envoyé à {current}. " +
            "Si ce n'était pas prévu, prévenez votre centre de services scolaire ou votre organisme.\n\n" +
            $"A link to choose the password of the PartnerNetwork account that used this address was sent to {current}. " +
            "If this was not expected, tell your school service centre or your organisation.\n\n— PartnerNetwork");

    /// <summary>Failed sign-ins locked the account: its owner learns of it here, never on the sign-in page.</summary>
    public void LockedOut(string email, int minutes) =>
        outbox.Stage(email, "Compte verrouillé / Account locked",
            $"Après plusieurs mots de passe erronés, votre compte PartnerNetwork est verrouillé pour {minutes} minutes. Si ce n'était pas vous, prévenez l'administrateur.\n\n" +
            $"After several wrong passwords, your PartnerNetwork account is locked for {minutes} minutes. If this was not you, tell the administrator.\n\n— PartnerNetwork");

    /// <summary>How long a set-password link works.</summary>
    public const int TokenLifespanDays = 3;
}
