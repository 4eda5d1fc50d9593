//! `os.date`'s engine: a time in seconds broken down as UTC (this sandbox's local time is UTC,
//! as on the reference machine) and C's `strftime` conversions in the C locale, one
//! conversion at a time as 5.1's `os_date` calls it.

/// `struct tm`, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrokenDown {
    pub year: i64,
    /// 1-12.
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub min: i64,
    pub sec: i64,
    /// 0 = Sunday.
    pub wday: i64,
    /// 0-based day of the year.
    pub yday: i64,
}

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days from 1970-01-01 to the given proleptic Gregorian date.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// `gmtime`: seconds since the epoch broken down.
pub fn broken_down(seconds: i64) -> BrokenDown {
    let days = seconds.div_euclid(86400);
    let rest = seconds.rem_euclid(86400);
    // Civil date from days (the inverse of days_from_civil).
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    BrokenDown {
        year,
        month,
        day,
        hour: rest / 3600,
        min: rest % 3600 / 60,
        sec: rest % 60,
        wday: (days + 4).rem_euclid(7),
        yday: days - days_from_civil(year, 1, 1),
    }
}

/// ISO 8601 week-based year and week number.
fn iso_week(t: &BrokenDown) -> (i64, i64) {
    let wday = (t.wday + 6) % 7; // Monday = 0
    let mut year = t.year;
    let mut week = (t.yday - wday + 10) / 7;
    let weeks_in = |y: i64| {
        let jan1 = (days_from_civil(y, 1, 1) + 4).rem_euclid(7);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if jan1 == 4 || (leap && jan1 == 3) {
            53
        } else {
            52
        }
    };
    if week < 1 {
        year -= 1;
        week = weeks_in(year);
    } else if week > weeks_in(year) {
        year += 1;
        week = 1;
    }
    (year, week)
}

/// One `strftime` conversion (`%` and `c`) of `t` in the C locale.
pub fn conversion(t: &BrokenDown, c: u8) -> String {
    let hour12 = if t.hour % 12 == 0 { 12 } else { t.hour % 12 };
    match c {
        b'a' => DAYS[t.wday as usize][..3].to_string(),
        b'A' => DAYS[t.wday as usize].to_string(),
        b'b' | b'h' => MONTHS[(t.month - 1) as usize][..3].to_string(),
        b'B' => MONTHS[(t.month - 1) as usize].to_string(),
        b'c' => format!(
            "{} {} {:2} {:02}:{:02}:{:02} {}",
            conversion(t, b'a'),
            conversion(t, b'b'),
            t.day,
            t.hour,
            t.min,
            t.sec,
            t.year
        ),
        b'C' => format!("{:02}", t.year.div_euclid(100)),
        b'd' => format!("{:02}", t.day),
        b'D' | b'x' => format!("{:02}/{:02}/{:02}", t.month, t.day, t.year.rem_euclid(100)),
        b'e' => format!("{:2}", t.day),
        b'F' => format!("{}-{:02}-{:02}", t.year, t.month, t.day),
        b'g' => format!("{:02}", iso_week(t).0.rem_euclid(100)),
        b'G' => iso_week(t).0.to_string(),
        b'H' => format!("{:02}", t.hour),
        b'I' => format!("{hour12:02}"),
        b'j' => format!("{:03}", t.yday + 1),
        b'k' => format!("{:2}", t.hour),
        b'l' => format!("{hour12:2}"),
        b'm' => format!("{:02}", t.month),
        b'M' => format!("{:02}", t.min),
        b'n' => "\n".to_string(),
        b'p' => if t.hour < 12 { "AM" } else { "PM" }.to_string(),
        b'P' => if t.hour < 12 { "am" } else { "pm" }.to_string(),
        b'r' => format!(
            "{hour12:02}:{:02}:{:02} {}",
            t.min,
            t.sec,
            conversion(t, b'p')
        ),
        b'R' => format!("{:02}:{:02}", t.hour, t.min),
        b's' => {
            (days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.min * 60 + t.sec)
                .to_string()
        }
        b'S' => format!("{:02}", t.sec),
        b't' => "\t".to_string(),
        b'T' | b'X' => format!("{:02}:{:02}:{:02}", t.hour, t.min, t.sec),
        b'u' => (if t.wday == 0 { 7 } else { t.wday }).to_string(),
        b'U' => format!("{:02}", (t.yday + 7 - t.wday) / 7),
        b'V' => format!("{:02}", iso_week(t).1),
        b'w' => t.wday.to_string(),
        b'W' => format!("{:02}", (t.yday + 7 - (t.wday + 6) % 7) / 7),
        b'y' => format!("{:02}", t.year.rem_euclid(100)),
        b'Y' => t.year.to_string(),
        b'z' => "+0000".to_string(),
        b'Z' => "GMT".to_string(),
        b'%' => "%".to_string(),
        other => format!("%{}", char::from(other)),
    }
}

/// `os.date`'s text: each `%x` converted, everything else (and a final lone `%`) copied.
pub fn format(t: &BrokenDown, spec: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < spec.len() {
        if spec[i] != b'%' || i + 1 == spec.len() {
            out.push(spec[i]);
            i += 1;
        } else {
            out.extend_from_slice(conversion(t, spec[i + 1]).as_bytes());
            i += 2;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_leap_days() {
        let t = broken_down(0);
        assert_eq!((t.year, t.month, t.day, t.wday, t.yday), (1970, 1, 1, 4, 0));
        let t = broken_down(951782400); // 2000-02-29
        assert_eq!((t.year, t.month, t.day, t.yday), (2000, 2, 29, 59));
        assert_eq!(broken_down(-1).year, 1969);
        assert_eq!(days_from_civil(2000, 3, 1), 11017);
    }
}
