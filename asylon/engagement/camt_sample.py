"""A small CAMT.053 (camt.053.001.02) statement writer, for demo data, tests and for trying
the import before the bank's real files are at hand."""

import datetime
from xml.sax.saxutils import escape

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


def _entry(e: dict) -> str:
    credit = e.get("credit", True)
    reason = e.get("reason")
    booked = e.get("booked", datetime.date.today()).isoformat()
    return_info = (f"<RtrInf><Rsn><Cd>{escape(reason)}</Cd></Rsn></RtrInf>" if reason else "")
    family = "RDDT" if not credit else "ESCT"
    return f"""
   <Ntry>
    <Amt Ccy="EUR">{e['amount']}</Amt>
    <CdtDbtInd>{'CRDT' if credit else 'DBIT'}</CdtDbtInd>
    <RvslInd>{'true' if e.get('reversal') else 'false'}</RvslInd>
    <Sts>BOOK</Sts>
    <BookgDt><Dt>{booked}</Dt></BookgDt>
    <ValDt><Dt>{booked}</Dt></ValDt>
    <AcctSvcrRef>{escape(e.get('bank_ref', ''))}</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>{family}</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls><TxDtls>
     <Refs><EndToEndId>{escape(e.get('e2e') or 'NOTPROVIDED')}</EndToEndId>{f"<MndtId>{escape(e['mandate'])}</MndtId>" if e.get('mandate') else ''}</Refs>
     <AmtDtls><TxAmt><Amt Ccy="EUR">{e['amount']}</Amt></TxAmt></AmtDtls>
     <RltdPties><Dbtr><Nm>{escape(e.get('debtor', ''))}</Nm></Dbtr></RltdPties>
     {return_info}
     <RmtInf><Ustrd>{escape(e.get('text', ''))}</Ustrd></RmtInf>
    </TxDtls></NtryDtls>
   </Ntry>"""


def camt053(*, iban: str, entries: list[dict], statement_id: str = "STMT-1",
            created: datetime.datetime | None = None) -> bytes:
    created = created or datetime.datetime.now().replace(microsecond=0)
    body = "".join(_entry(e) for e in entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{NS}">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>{escape(statement_id)}</MsgId><CreDtTm>{created.isoformat()}</CreDtTm></GrpHdr>
  <Stmt>
   <Id>{escape(statement_id)}</Id>
   <CreDtTm>{created.isoformat()}</CreDtTm>
   <Acct><Id><IBAN>{escape(iban)}</IBAN></Id><Ccy>EUR</Ccy></Acct>{body}
  </Stmt>
 </BkToCstmrStmt>
</Document>""".encode()
