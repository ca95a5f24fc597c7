namespace PartnerNetwork.Core.Catalogue;

/// <summary>One weekly opening (HSDS schedule with freq=WEEKLY): a day and local opening hours.</summary>
public class Schedule
{
    public Guid Id { get; set; }

    public Guid ServiceId { get; set; }

    /// <summary>Null when the hours are the service's wherever it is offered (or by phone).</summary>
    public Guid? LocationId { get; set; }

    public DayOfWeek ByDay { get; set; }

    /// <summary>Local wall-clock time in Quebec (America/Toronto), as posted on the door.</summary>
    public TimeOnly OpensAt { get; set; }

    public TimeOnly ClosesAt { get; set; }
}
