/// Frames the tests expect on the wire or send as the pump, never produced by the code under test.
///
/// `Document` holds frames copied verbatim from docs/protocol.md §11 and §14 (each was produced there by the
/// independent reference encoder of appendix A). `Reference` holds further frames produced by that same appendix A
/// encoder (Python 3, standard library), run by hand with the fields shown in each name's comment; the status and
/// identity payloads are those of the document's examples. For example:
///
///     frame(1, 5, 'ACK', 'STAT', [('state','programmed'),('rate','0'),('vtbi','100'),('vi','0'),('kvo','0'),
///           ('rem','5406'),('bat','87'),('alarms',''),('boot','5A3C9E01')])
///
/// gives `statProgrammedAck0005` (rem = ⌈100 × 3600 / 66.6⌉ = 5406, as in §14.1).
enum Document {
    // §14.1 A normal infusion.
    static let idenRequest0001 = "$01|0001|CMD|IDEN|000||B133"
    static let idenAck0001 =
        "$01|0001|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=1.0;boot=5A3C9E01|683C"
    static let statRequest0002 = "$01|0002|CMD|STAT|000||8E84"
    static let statIdleAck0002 =
        "$01|0002|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|5FA5"
    static let setpRequest0003 = "$01|0003|CMD|SETP|052|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|5B85"
    static let setpAck0003 = "$01|0003|ACK|SETP|000||0301"
    static let readRequest0004 = "$01|0004|CMD|READ|000||D32F"
    static let readAck0004 =
        "$01|0004|ACK|READ|067|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30;token=9F3B0C2E|3B1B"

    // §14.3 Door opened while running (event of pump 01).
    static let doorEvent =
        "$01|0000|EVT|ALRM|094|alarm=door;state=alarm;rate=0;vtbi=100;vi=12.5;kvo=0;rem=4730;bat=86;alarms=door;boot=5A3C9E01|32C9"

    // §14.5 Refusals.
    static let pausRequest0102 = "$01|0102|CMD|PAUS|000||F8D4"
    static let pausWrongStateNak0102 = "$01|0102|NAK|PAUS|030|reason=wrongState;state=paused|18E7"
    static let statRequest0103 = "$01|0103|CMD|STAT|000||309A"
    static let statCrcNak0103 = "$01|0103|NAK|STAT|010|reason=crc|9CAA"
    static let statRequest0105 = "$01|0105|CMD|STAT|000||E6F1"
    static let statSequenceReusedNak0105 = "$01|0105|NAK|STAT|021|reason=sequenceReused|5FCC"
    static let resmRequest0106 = "$01|0106|CMD|RESM|000||916E"
    static let resmAlarmActiveNak0106 = "$01|0106|NAK|RESM|035|reason=alarmActive;alarms=occdn,air|DBDC"
    static let setpRequest0107 = "$01|0107|CMD|SETP|052|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|62BC"
    static let setpVolumeNotClearedNak0107 = "$01|0107|NAK|SETP|023|reason=volumeNotCleared|CCA1"

    // §14.6 Another address, sequence wrap.
    static let statRequest42_9999 = "$42|9999|CMD|STAT|000||5C87"
    static let statRequest42_0000 = "$42|0000|CMD|STAT|000||FA33"
}

/// Frames from the appendix A reference encoder (see `Document`'s comment), with document payloads.
enum Reference {
    static let statRequest0005 = "$01|0005|CMD|STAT|000||F613"
    static let statProgrammedAck0005 = "$01|0005|ACK|STAT|081|state=programmed;rate=0;vtbi=100;vi=0;kvo=0;rem=5406;bat=87;alarms=;boot=5A3C9E01|4A56"
    static let startRequest0006 = "$01|0006|CMD|STRT|014|token=9F3B0C2E|6937"
    static let startAck0006 = "$01|0006|ACK|STRT|081|state=running;rate=66.6;vtbi=100;vi=0;kvo=0;rem=5406;bat=87;alarms=;boot=5A3C9E01|91CC"
    static let keepRequest0007 = "$01|0007|CMD|KEEP|000||7CCB"
    static let keepAck0007 = "$01|0007|ACK|KEEP|000||6DA8"
    static let idenRequest0101 = "$01|0101|CMD|IDEN|000||A1D1"
    static let idenAck0101 = "$01|0101|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=1.0;boot=5A3C9E01|9DA8"
    static let idenRequest0102 = "$01|0102|CMD|IDEN|000||42F4"
    static let idenAck0102 = "$01|0102|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=1.0;boot=5A3C9E01|6B19"
    static let idenRequest0104 = "$01|0104|CMD|IDEN|000||949F"
    static let idenAck0104 = "$01|0104|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=1.0;boot=5A3C9E01|965A"
    static let idenRequest0105 = "$01|0105|CMD|IDEN|000||3A63"
    static let idenAck0105 = "$01|0105|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=1.0;boot=5A3C9E01|C435"
    static let idenRequest0106 = "$01|0106|CMD|IDEN|000||D946"
    static let idenAck0106 = "$01|0106|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=1.0;boot=5A3C9E01|3284"
    static let statIdleAck0103 = "$01|0103|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|D519"
    static let statRequest0106 = "$01|0106|CMD|STAT|000||05D4"
    static let statIdleAck0106 = "$01|0106|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|EC2A"
    static let idenRequest42_9998 = "$42|9998|CMD|IDEN|000||2EE9"
    static let idenAck42_9998 = "$42|9998|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004242;fw=2.3.1;proto=1.0;boot=5A3C9E01|13FD"
    static let statIdleAck42_9999 = "$42|9999|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|D040"
    static let statIdleAck42_0000 = "$42|0000|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|E5CE"
    static let statIdleAck02_0002 = "$02|0002|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|5138"
    static let readAck0002 = "$01|0002|ACK|READ|067|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30;token=9F3B0C2E|FB84"
    static let statRequest0003 = "$01|0003|CMD|STAT|000||2078"
    static let statIdleAck0003 = "$01|0003|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|52AA"
    static let idenRequest02_0001 = "$02|0001|CMD|IDEN|000||EFE6"
    static let eventOcclusion02 = "$02|0000|EVT|ALRM|096|alarm=occdn;state=alarm;rate=0;vtbi=100;vi=12.5;kvo=0;rem=4730;bat=86;alarms=occdn;boot=5A3C9E01|6852"
    static let idenAckProtocol2_0001 = "$01|0001|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=2.0;boot=5A3C9E01|591A"
    static let idenAckProtocol1_7_0001 = "$01|0001|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=1.7;boot=5A3C9E01|10AB"
    static let statIdleAckRebooted0002 = "$01|0002|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=C0FFEE42|8748"
    static let statBadAck0002 = "$01|0002|ACK|STAT|074|state=sleeping;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|9E7C"
}
