/// The PTB-XL statements the synthetic generator can assign, with their real `scp_statements.csv` rows.
enum SyntheticStatements {
    /// (code, description, diagnostic, form, rhythm, class, subclass, category, SCP-ECG description, AHA code, aECG REFID, CDISC, DICOM)
    /// — values as in PTB-XL 1.0.1's statement table.
    static let rows: [[String]] = [
        ["NDT", "non-diagnostic T abnormalities", "1.0", "1.0", "", "STTC", "STTC", "other ST-T descriptive statements", "non-diagnostic T abnormalities", "", "", "", ""],
        ["NORM", "normal ECG", "1.0", "", "", "NORM", "NORM", "Normal/abnormal", "normal ECG", "1", "", "", "F-000B7"],
        ["IMI", "inferior myocardial infarction", "1.0", "", "", "MI", "IMI", "Myocardial Infarction", "inferior myocardial infarction", "161", "", "", ""],
        ["LVH", "left ventricular hypertrophy", "1.0", "", "", "HYP", "LVH", "Ventricular Hypertrophy", "left ventricular hypertrophy", "142", "", "C71076", ""],
        ["ISC_", "non-specific ischemic", "1.0", "", "", "STTC", "ISC_", "Basic roots for coding ST-T changes and abnormalities", "ischemic ST-T changes", "226", "", "", ""],
        ["1AVB", "first degree AV block", "1.0", "", "", "CD", "_AVB", "Sinus node dysfunction, atrial and AV-conduction defects", "first degree AV block", "", "MDC_ECG_RHY_AV_HEART_BLK_DEG_1", "C111088", ""],
        ["CRBBB", "complete right bundle branch block", "1.0", "", "", "CD", "CRBBB", "Intraventricular and intra-atrial Conduction disturbances", "(complete) right bundle branch block", "106", "MDC_ECG_BEAT_RBB_BLK_COMP", "C62270", "D3-33110"],
        ["CLBBB", "complete left bundle branch block", "1.0", "", "", "CD", "CLBBB", "Intraventricular and intra-atrial Conduction disturbances", "(complete) left bundle branch block", "104", "MDC_ECG_BEAT_LBB_BLK_COMP", "C62269", "D3-33120 or 122752"],
        ["AMI", "anterior myocardial infarction", "1.0", "", "", "MI", "AMI", "Myocardial Infarction", "anterior myocardial infarction", "160", "", "", ""],
        ["PVC", "ventricular premature complex", "", "1.0", "", "", "", "Statements related to ectopic rhythm abnormalities", "ventricular premature complex (beat)", "60", "MDC_ECG_BEAT_V_P_C", "", ""],
        ["QWAVE", "Q waves present", "", "1.0", "", "", "", "Other QRS morphology descriptive statements", "Q waves present", "", "", "", ""],
        ["LOWT", "low amplitude T-waves", "", "1.0", "", "", "", "other ST-T descriptive statements", "low amplitude T-waves", "366", "", "", ""],
        ["INVT", "inverted T-waves", "", "1.0", "", "", "", "other ST-T descriptive statements", "inverted T-waves", "367", "", "", ""],
        ["SR", "sinus rhythm", "", "", "1.0", "", "", "Statements related to impulse formation (abnormalities)", "sinus rhythm", "20", "MDC_ECG_RHY_SINUS_RHY", "", ""],
        ["AFIB", "atrial fibrillation", "", "", "1.0", "", "", "Statements related to impulse formation (abnormalities)", "atrial fibrillation", "50", "MDC_ECG_RHY_ATR_FIB", "", "D3-31520"],
        ["STACH", "sinus tachycardia", "", "", "1.0", "", "", "Statements related to impulse formation (abnormalities)", "sinus tachycardia", "21", "MDC_ECG_RHY_SINUS_TACHY", "", ""],
        ["SBRAD", "sinus bradycardia", "", "", "1.0", "", "", "Statements related to impulse formation (abnormalities)", "sinus bradycardia", "22", "MDC_ECG_RHY_SINUS_BRADY", "", ""],
    ]

    /// The real file's header (its first column is unnamed).
    static let header = [
        "", "description", "diagnostic", "form", "rhythm", "diagnostic_class", "diagnostic_subclass", "Statement Category",
        "SCP-ECG Statement Description", "AHA code", "aECG REFID", "CDISC Code", "DICOM Code",
    ]

    static func description(of code: String) -> String {
        rows.first { $0[0] == code }?[1] ?? code
    }
}
