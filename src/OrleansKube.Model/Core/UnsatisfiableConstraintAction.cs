namespace OrleansKube.Model.Core;

public enum UnsatisfiableConstraintAction
{
    DoNotSchedule,
    ScheduleAnyway,
}
