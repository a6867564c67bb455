import type { Lang } from '../domain/text.js';

/**
 * The console's own words, Chinese first. They are the exam office's interface, not the applicant's, so
 * they live with the console rather than in the flow file; what an applicant is told (reasons, alerts)
 * still comes from the flow.
 */
const TEXT = {
  title: { zh: '资格审核控制台', en: 'Qualification review console' },
  signInTitle: { zh: '登录审核控制台', en: 'Sign in to the review console' },
  signInExplain: {
    zh: '这是您在 Telegram 中收到的一次性登录链接。点击下面的按钮登录（链接只能使用一次）。',
    en: 'This is the one-time link you got in Telegram. Press the button to sign in (the link works once).',
  },
  signInButton: { zh: '登录', en: 'Sign in' },
  signInFailed: {
    zh: '链接无效、已使用或已过期。请在 Telegram 中向机器人发送 /console 获取新链接。',
    en: 'This link is invalid, used or expired. Send /console to the bot in Telegram for a new one.',
  },
  signedOut: { zh: '您已退出登录。', en: 'You have signed out.' },
  needSignIn: {
    zh: '请先登录：在 Telegram 中向机器人发送 /console，打开收到的链接。',
    en: 'Please sign in first: send /console to the bot in Telegram and open the link it answers with.',
  },
  tooManyAttempts: {
    zh: '登录尝试过于频繁，请稍后再试。',
    en: 'Too many sign-in attempts; please try again in a few minutes.',
  },
  badCsrf: {
    zh: '请求已过期或来源不明，未做任何更改。请刷新页面后重试。',
    en: 'The request is stale or of unknown origin; nothing was changed. Reload the page and try again.',
  },
  signOut: { zh: '退出登录', en: 'Sign out' },
  internalError: {
    zh: '出现了内部错误，操作可能未完成。请刷新页面查看结果后重试。',
    en: 'Something went wrong inside; the action may not have finished. Reload the page to check, then retry.',
  },
  signedInAs: { zh: '审核员 {id}', en: 'Reviewer {id}' },
  queue: { zh: '审核队列', en: 'Queue' },
  auditLog: { zh: '审核记录', en: 'Audit log 审核记录' },
  // Not 审核记录: that label belongs to one dossier's log, and a page should have one link of that name.
  auditNav: { zh: '全部审核日志', en: 'All decisions' },
  next: { zh: '领取下一份 (n)', en: 'Next (n)' },
  nothingToClaim: { zh: '没有可领取的待审核材料。', en: 'No waiting dossier is free to take.' },
  state_submitted: { zh: '待审核', en: 'Waiting for review' },
  state_returned: { zh: '已退回待重传', en: 'Returned, awaiting resubmission' },
  state_approved: { zh: '通过', en: 'Approved' },
  state_rejected: { zh: '不通过', en: 'Rejected' },
  state_draft: { zh: '未提交', en: 'Not submitted' },
  filterExam: { zh: '报考类别', en: 'Exam' },
  filterCategory: { zh: '考试类别', en: 'Category' },
  filterRoute: { zh: '报考情形', en: 'Route' },
  filterWaiting: { zh: '等待超过 24 小时', en: 'Waiting over 24 h' },
  filterSpecial: { zh: '特殊情形', en: 'Special case' },
  any: { zh: '全部', en: 'Any' },
  search: { zh: '搜索用户编号或姓名', en: 'Search user id or name' },
  apply: { zh: '筛选', en: 'Filter' },
  userId: { zh: '用户编号', en: 'User id' },
  submittedAt: { zh: '提交时间', en: 'Submitted' },
  waiting: { zh: '已等待', en: 'Waiting' },
  hours: { zh: '{n} 小时', en: '{n} h' },
  claimedBy: { zh: '处理人', en: 'Claimed by' },
  nobody: { zh: '—', en: '—' },
  noRows: { zh: '没有符合条件的材料。', en: 'No dossier matches.' },
  more: { zh: '另有 {n} 份未显示，请缩小筛选范围。', en: '{n} more not shown; narrow the filters.' },
  dossierOf: { zh: '申请人 {id} 的材料', en: 'Dossier of applicant {id}' },
  notFound: { zh: '没有找到这位申请人的材料。', en: 'No dossier for that applicant.' },
  heldBy: { zh: '审核员 {id} 正在处理（至 {until}）', en: 'Reviewer {id} is on it (until {until})' },
  youHold: { zh: '您已领取此材料（至 {until}）', en: 'You hold this dossier (until {until})' },
  answers: { zh: '问卷回答', en: 'Interview answers' },
  checklist: { zh: '材料清单与照片', en: 'Checklist and pictures' },
  newSinceReturn: { zh: '退回后新传', en: 'new since return' },
  redoNotDone: { zh: '退回后未重传', en: 'not redone since the return' },
  autoCheck: {
    zh: '自动检查：通过（{format}，{width}×{height}，{kb} KB）',
    en: 'Automatic check: passed ({format}, {width}×{height}, {kb} KB)',
  },
  noPictures: { zh: '尚无照片', en: 'No pictures yet' },
  earlierFeedback: { zh: '此前的审核意见', en: 'Earlier feedback' },
  returnedAt: { zh: '{at} 退回：', en: 'Returned {at}:' },
  rejectedAt: { zh: '{at} 不符合：', en: 'Rejected {at}:' },
  decide: { zh: '审核决定', en: 'Decision' },
  approveButton: { zh: '✅ 审核通过 (a)', en: '✅ Approve — 通过 (a)' },
  returnButton: { zh: '↩️ 退回修改 (r)', en: '↩️ Return — 退回 (r)' },
  rejectButton: { zh: '⛔ 不符合', en: '⛔ Reject — 不符合' },
  redoLegend: { zh: '需要重新上传的材料及原因', en: 'Materials to redo, with reasons' },
  feedback: { zh: '反馈（申请人可见）', en: 'Feedback 反馈 (the applicant sees it)' },
  rejectReason: { zh: '不符合的原因（申请人可见）', en: 'Reason (the applicant sees it)' },
  note: { zh: '内部备注（申请人不可见）', en: 'Internal note (never shown to the applicant)' },
  notSubmitted: {
    zh: '此材料当前不是待审核状态，无需作出决定。',
    en: 'This dossier is not waiting for a decision.',
  },
  alreadyDecided: {
    zh: '该材料已经被处理（已由他人审核或申请人已重新提交），您的决定未生效。',
    en: 'This submission was already decided (by someone else, or resubmitted since); your decision did not take effect.',
  },
  invalid_no_material: {
    zh: '退回时请至少勾选一项需要重新上传的材料。未做任何更改。',
    en: 'Mark at least one material to redo when returning. Nothing was changed.',
  },
  invalid_unknown_material: {
    zh: '所选材料不在该申请人的材料清单中。未做任何更改。',
    en: "A marked material is not on this applicant's checklist. Nothing was changed.",
  },
  invalid_no_reason: {
    zh: '请填写不符合的原因。未做任何更改。',
    en: 'Write the reason for the rejection. Nothing was changed.',
  },
  done: { zh: '已处理：申请人 {id} → {state}', en: 'Done: applicant {id} → {state}' },
  back: { zh: '返回', en: 'Back' },
  auditOf: { zh: '申请人 {id} 的审核记录', en: 'Audit log of applicant {id}' },
  auditAll: { zh: '最近的审核记录', en: 'Latest audit entries' },
  auditNone: { zh: '暂无记录。', en: 'No entries yet.' },
  auditWhen: { zh: '时间', en: 'When' },
  auditWho: { zh: '审核员', en: 'Reviewer' },
  auditDossier: { zh: '申请人', en: 'Applicant' },
  auditMaterial: { zh: '材料', en: 'Material' },
  auditChange: { zh: '变更', en: 'Change' },
  auditReason: { zh: '原因', en: 'Reason' },
  auditNote: { zh: '内部备注', en: 'Internal note' },
  redo: { zh: '需重传', en: 'redo' },
  wholeDossier: { zh: '整份材料', en: 'Whole dossier' },
  keysHelp: {
    zh: '快捷键：j/k 上一项/下一项材料，数字键 选择退回原因，r 退回，a 通过，z 放大，[ ] 旋转，n 下一份，? 帮助',
    en: 'Keys: j/k material, digits pick a reason, r return, a approve, z zoom, [ ] rotate, n next, ? help',
  },
  confirmApprove: { zh: '确定审核通过？', en: 'Approve this dossier?' },
  confirmReturn: { zh: '确定退回所选材料？', en: 'Return the marked materials?' },
  exports: { zh: '导出名册 (.xlsx)', en: 'Export roster (.xlsx)' },
  exportPhotos: { zh: '下载照片 (.zip)', en: 'Download pictures (.zip)' },
  language: { zh: 'English', en: '中文' },
  nameRead: { zh: '证件上的姓名：{name}', en: 'Name on the document: {name}' },
  namesDiffer: { zh: '⚠️ 各证件上的姓名不一致：{names}', en: '⚠️ The names on the documents differ: {names}' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ConsoleTextKey = keyof typeof TEXT;

/** A console text in `lang`, `{placeholders}` filled (the page escapes it). */
export function say(lang: Lang, key: ConsoleTextKey, vars: Record<string, string | number> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    vars[name] === undefined ? whole : String(vars[name]),
  );
}
