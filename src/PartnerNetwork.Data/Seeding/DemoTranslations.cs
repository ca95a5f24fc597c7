namespace PartnerNetwork.Data.Seeding;

/// <summary>
/// What a partner serving families in other languages writes of its generated services: English for every template,
/// Spanish, Arabic, Haitian Creole and Chinese for the most common. A service gets a text in a language it is offered in.
/// </summary>
static class DemoTranslations
{
    public static readonly Dictionary<string, Dictionary<string, (string Name, string Description)>> ByFrenchName = new()
    {
        ["Épicerie solidaire"] = new()
        {
            ["en"] = ("Solidarity grocery", "Fruit, vegetables and staples at reduced prices for low-income families."),
            ["es"] = ("Tienda de comestibles solidaria", "Frutas, verduras y alimentos básicos a precio reducido para familias de bajos ingresos."),
            ["ar"] = ("بقالة تضامنية", "فواكه وخضروات ومواد غذائية أساسية بأسعار مخفضة للعائلات ذات الدخل المحدود."),
            ["ht"] = ("Makèt solidarite", "Fwi, legim ak manje debaz a pri redui pou fanmi ki gen ti revni."),
            ["zh"] = ("互助杂货店", "为低收入家庭提供低价水果、蔬菜和基本食品。"),
        },
        ["Dépannage alimentaire"] = new()
        {
            ["en"] = ("Emergency food help", "An emergency grocery basket every week, by appointment."),
            ["es"] = ("Ayuda alimentaria de urgencia", "Una canasta de alimentos de urgencia cada semana, con cita previa."),
            ["ar"] = ("مساعدة غذائية طارئة", "سلة بقالة طارئة كل أسبوع، بموعد مسبق."),
        },
        ["Cuisine collective"] = new() { ["en"] = ("Community kitchen", "Parents cook the week's meals together and take their portions home.") },
        ["Tutorat individuel"] = new()
        {
            ["en"] = ("One-to-one tutoring", "A volunteer tutor meets the pupil every week to strengthen French and mathematics."),
            ["es"] = ("Tutoría individual", "Un tutor voluntario se reúne con el alumno cada semana para reforzar el francés y las matemáticas."),
        },
        ["Tutorat en petits groupes"] = new() { ["en"] = ("Small-group tutoring", "Catch-up workshops in reading and writing for pupils who struggle.") },
        ["Aide aux devoirs"] = new()
        {
            ["en"] = ("Homework help", "Supervised homework time after school, with a snack, in a quiet room."),
            ["es"] = ("Ayuda con las tareas", "Tiempo de tareas supervisado después de la escuela, con merienda, en un local tranquilo."),
            ["ar"] = ("مساعدة في الواجبات المدرسية", "وقت مخصص للواجبات بعد المدرسة بإشراف، مع وجبة خفيفة، في مكان هادئ."),
            ["ht"] = ("Èd pou devwa", "Lè pou fè devwa ak sipèvizyon apre lekòl, ak yon ti goute, nan yon lokal trankil."),
        },
        ["Club de devoirs du soir"] = new() { ["en"] = ("Evening homework club", "Homework help in the evening, for families whose parents work late.") },
        ["Jumelage mentor-jeune"] = new() { ["en"] = ("Youth mentoring", "A volunteer adult meets a young person once a week for a year.") },
        ["Grands frères, grandes sœurs du quartier"] = new() { ["en"] = ("Neighbourhood big brothers and sisters", "Young people paired with students from the local college.") },
        ["Écoute et soutien psychosocial"] = new()
        {
            ["en"] = ("Listening and psychosocial support", "Meetings with a counsellor for young people and parents going through a hard time."),
            ["ar"] = ("الاستماع والدعم النفسي والاجتماعي", "لقاءات مع مرشدة للشباب والآباء الذين يمرون بفترة صعبة."),
        },
        ["Groupe d'entraide pour l'anxiété"] = new() { ["en"] = ("Anxiety support group", "A facilitated group for 10 to 17-year-olds living with anxiety.") },
        ["Ateliers Y'APP"] = new()
        {
            ["en"] = ("Y'APP parenting workshops", "Workshops for parents: routines, positive discipline, talking with the school."),
            ["es"] = ("Talleres Y'APP para padres", "Talleres para padres: rutinas, disciplina positiva, comunicación con la escuela."),
            ["ar"] = ("ورشات Y'APP للآباء", "ورشات للآباء: الروتين اليومي، الانضباط الإيجابي، التواصل مع المدرسة."),
        },
        ["Halte-parents"] = new() { ["en"] = ("Parents' drop-in", "A place where parents talk over a coffee while the children play.") },
        ["Interprètes communautaires"] = new()
        {
            ["en"] = ("Community interpreters", "Interpreters who go with families to school meetings and appointments."),
            ["es"] = ("Intérpretes comunitarios", "Intérpretes que acompañan a las familias a las reuniones escolares y a las citas."),
            ["ar"] = ("مترجمون مجتمعيون", "مترجمون يرافقون العائلات إلى اجتماعات المدرسة والمواعيد."),
            ["ht"] = ("Entèprèt kominotè", "Entèprèt ki akonpaye fanmi yo nan reyinyon lekòl ak randevou."),
            ["zh"] = ("社区口译员", "口译员陪同家庭参加学校会议和各种预约。"),
        },
        ["Francisation des parents"] = new()
        {
            ["en"] = ("French classes for parents", "French classes for immigrant parents, with on-site childcare."),
            ["es"] = ("Francés para padres", "Clases de francés para padres inmigrantes, con guardería en el lugar."),
            ["ar"] = ("تعليم الفرنسية للآباء", "دروس اللغة الفرنسية للآباء المهاجرين، مع حضانة للأطفال في المكان."),
            ["zh"] = ("家长法语课", "为移民家长开设的法语课程，现场提供托儿服务。"),
        },
        ["Fournitures scolaires"] = new()
        {
            ["en"] = ("School supplies", "School bags and supplies for the start of the year, on referral."),
            ["es"] = ("Útiles escolares", "Mochilas y útiles para el inicio del año escolar, con referencia."),
        },
        ["Comptoir vestimentaire"] = new() { ["en"] = ("Clothing counter", "Children's clothes and winter boots at low prices.") },
        ["Clinique d'impôts"] = new() { ["en"] = ("Tax clinic", "Volunteers fill in income tax returns so families receive their benefits.") },
        ["Camp de jour accessible"] = new() { ["en"] = ("Affordable day camp", "Summer day camp with fees based on income.") },
        ["Sports après l'école"] = new() { ["en"] = ("After-school sports", "Free soccer, basketball and dance after school.") },
        ["Halte-garderie"] = new() { ["en"] = ("Drop-in daycare", "Occasional care for 0 to 5-year-olds while the parent runs errands.") },
        ["Passe-Partout maison"] = new() { ["en"] = ("Kindergarten readiness at home", "Activities to get 4-year-olds and their parents ready for kindergarten.") },
        ["Comité logement"] = new() { ["en"] = ("Housing committee", "Information on tenants' rights and help finding housing.") },
        ["Hébergement d'urgence familles"] = new() { ["en"] = ("Emergency family shelter", "Temporary shelter for families without a home.") },
        ["Recherche d'emploi pour parents"] = new() { ["en"] = ("Job search for parents", "One-to-one support towards work, with hours that suit parents.") },
        ["Reconnaissance des acquis"] = new() { ["en"] = ("Recognition of credentials", "Help for immigrant parents to have their diplomas recognised.") },
    };

    /// <summary>Adds the texts the service's languages call for, from its template's French name (numbered names included).</summary>
    public static void AddTo(Core.Catalogue.Service service, string templateName)
    {
        if (!ByFrenchName.TryGetValue(templateName, out var texts)) return;
        foreach (var (language, (name, description)) in texts)
            if (service.Languages.Contains(language))
                service.Texts.Add(new Core.Catalogue.ServiceText { ServiceId = service.Id, Language = language, Name = name, Description = description });
    }
}
