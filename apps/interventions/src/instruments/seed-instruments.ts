import { z } from 'zod';
import { AGREEMENT_SCALE, InstrumentDefinition, instrumentKey, parseInstrument } from './instrument.js';

/**
 * The instruments of the three field studies, shipped ready-made (version 1). Items are
 * written for elders: short, concrete, everyday situations. Each dimension carries at least
 * one reverse-scored item (agreeing means less of the dimension), so a member who ticks
 * "strongly agree" all the way down does not come out top of every dimension.
 *
 * Never edit a published definition in place: copy it under `version: 2`.
 */

type Definition = z.input<typeof InstrumentDefinition>;

/**
 * Seed 000: six-session smartphone training of rural migrant elders (Shenyang, community J),
 * empowerment theory. The study found that learning the smartphone empowers elders in
 * information, expression, relationship and action.
 */
const empowermentSmartphone: Definition = {
  code: 'empowerment-smartphone',
  version: 1,
  title: { zh: '智能手机学习增能量表', en: 'Smartphone learning empowerment scale' },
  scale: AGREEMENT_SCALE,
  dimensions: [
    {
      code: 'information',
      title: { zh: '信息增能', en: 'Empowerment in information' },
      items: [
        {
          code: 'info-1',
          text: {
            zh: '我会用手机查天气、看新闻。',
            en: 'I can check the weather and read the news on my phone.',
          },
          reverse: false,
        },
        {
          code: 'info-2',
          text: {
            zh: '看病、办事需要了解的信息，我能自己用手机查到。',
            en: 'I can look up on my phone what I need to know for seeing a doctor or running errands.',
          },
          reverse: false,
        },
        {
          code: 'info-3',
          text: {
            zh: '手机上的消息，我能分清哪些是真的，哪些可能是骗人的。',
            en: 'I can tell which messages on my phone are true and which may be scams.',
          },
          reverse: false,
        },
        {
          code: 'info-4',
          text: {
            zh: '通过手机，我知道了更多社区和身边的事情。',
            en: 'Through my phone I know more about what is happening in the community and around me.',
          },
          reverse: false,
        },
        {
          code: 'info-5',
          text: {
            zh: '手机上的东西又多又乱，我常常看不明白。',
            en: 'There is so much on the phone, and it is so messy, that I often cannot make sense of it.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'expression',
      title: { zh: '表达增能', en: 'Empowerment in expression' },
      items: [
        {
          code: 'expr-1',
          text: {
            zh: '我会用微信给家人、朋友发语音或文字。',
            en: 'I can send voice or text messages to family and friends on WeChat.',
          },
          reverse: false,
        },
        {
          code: 'expr-2',
          text: {
            zh: '我会用手机拍照、拍视频，和别人分享自己的生活。',
            en: 'I can take photos and videos with my phone and share my life with others.',
          },
          reverse: false,
        },
        {
          code: 'expr-3',
          text: {
            zh: '在小组里，我敢说出自己哪里不会。',
            en: 'In the group I dare to say what I do not know how to do.',
          },
          reverse: false,
        },
        {
          code: 'expr-4',
          text: {
            zh: '有想法或需要时，我愿意主动说出来。',
            en: 'When I have an idea or a need, I am willing to speak up.',
          },
          reverse: false,
        },
        {
          code: 'expr-5',
          text: {
            zh: '我怕说错话、按错键，所以很少在手机上发消息。',
            en: 'I am afraid of saying the wrong thing or pressing the wrong button, so I seldom send messages.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'relationship',
      title: { zh: '关系增能', en: 'Empowerment in relationships' },
      items: [
        {
          code: 'rel-1',
          text: {
            zh: '我常用手机和子女、亲戚视频聊天。',
            en: 'I often video-chat with my children and relatives on my phone.',
          },
          reverse: false,
        },
        {
          code: 'rel-2',
          text: {
            zh: '在小组里，我和其他老人互相帮着学手机。',
            en: 'In the group, the other elders and I help each other learn the phone.',
          },
          reverse: false,
        },
        {
          code: 'rel-3',
          text: {
            zh: '我在社区里认识了新朋友。',
            en: 'I have made new friends in the community.',
          },
          reverse: false,
        },
        {
          code: 'rel-4',
          text: {
            zh: '我觉得自己是这个社区的一分子。',
            en: 'I feel I belong to this community.',
          },
          reverse: false,
        },
        {
          code: 'rel-5',
          text: {
            zh: '来城里以后，我常常觉得孤单，没人说话。',
            en: 'Since coming to the city I often feel lonely, with nobody to talk to.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'action',
      title: { zh: '行动增能', en: 'Empowerment in action' },
      items: [
        {
          code: 'act-1',
          text: {
            zh: '我能自己用手机扫码付款。',
            en: 'I can pay by scanning a code with my phone by myself.',
          },
          reverse: false,
        },
        {
          code: 'act-2',
          text: {
            zh: '我能用手机挂号、叫车或者买东西。',
            en: 'I can book a doctor, call a car or buy things on my phone.',
          },
          reverse: false,
        },
        {
          code: 'act-3',
          text: {
            zh: '学会一个新功能后，我会自己多练几遍。',
            en: 'After learning a new function I practise it a few more times on my own.',
          },
          reverse: false,
        },
        {
          code: 'act-4',
          text: {
            zh: '我能教别的老人用手机上的一些功能。',
            en: 'I can teach other elders some of the functions on the phone.',
          },
          reverse: false,
        },
        {
          code: 'act-5',
          text: {
            zh: '我觉得用手机很难，很多事还得别人帮我弄。',
            en: 'I find the phone hard to use; others still have to do many things for me.',
          },
          reverse: true,
        },
      ],
    },
  ],
};

/**
 * Seed 001: shidu and living-alone elders in the Internet society (community X). Group work
 * measured adaptation to the Internet society, the smartphone's impact on life,
 * problem-solving efficiency, social participation and subjective well-being; the survey of
 * 40 elders also asked the living arrangement and the smartphone learning channels (a
 * chi-square cross-tabulation). Items avoid mentioning children: many respondents lost their
 * only child.
 */
const internetAdaptation: Definition = {
  code: 'internet-adaptation',
  version: 1,
  title: { zh: '老年人互联网社会适应量表', en: "Older adults' adaptation to the Internet society" },
  scale: AGREEMENT_SCALE,
  dimensions: [
    {
      code: 'adaptation',
      title: { zh: '互联网社会适应能力', en: 'Adaptation to the Internet society' },
      items: [
        {
          code: 'adapt-1',
          text: {
            zh: '现在很多事都要用手机办，我能跟得上。',
            en: 'Many things are now done by phone, and I can keep up.',
          },
          reverse: false,
        },
        {
          code: 'adapt-2',
          text: {
            zh: '出门时，我会用手机亮码、扫码（如健康码、乘车码）。',
            en: 'When I go out I can show or scan a code on my phone (a health code, a bus code).',
          },
          reverse: false,
        },
        {
          code: 'adapt-3',
          text: {
            zh: '我会在网上买东西、交水电费。',
            en: 'I can shop and pay water and electricity bills online.',
          },
          reverse: false,
        },
        {
          code: 'adapt-4',
          text: {
            zh: '手机上的新东西，我愿意去学。',
            en: 'I am willing to learn new things on the phone.',
          },
          reverse: false,
        },
        {
          code: 'adapt-5',
          text: {
            zh: '我年纪大了，没必要去适应网上的生活。',
            en: 'I am too old; there is no need for me to adapt to life online.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'phone-impact',
      title: { zh: '智能手机对生活的影响', en: "The smartphone's impact on life" },
      items: [
        {
          code: 'impact-1',
          text: {
            zh: '手机让我的日常生活更方便了。',
            en: 'The phone makes my daily life more convenient.',
          },
          reverse: false,
        },
        {
          code: 'impact-2',
          text: {
            zh: '通过手机，我能了解国家大事和各种政策。',
            en: 'Through the phone I learn about national affairs and policies.',
          },
          reverse: false,
        },
        {
          code: 'impact-3',
          text: {
            zh: '我能从手机上学到养生保健的知识。',
            en: 'I learn about keeping healthy from my phone.',
          },
          reverse: false,
        },
        {
          code: 'impact-4',
          text: {
            zh: '有了手机，我的空闲时间更充实、更有意思了。',
            en: 'With the phone my free time is fuller and more interesting.',
          },
          reverse: false,
        },
        {
          code: 'impact-5',
          text: {
            zh: '手机对我的生活没什么帮助。',
            en: 'The phone does not help much in my life.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'problem-solving',
      title: { zh: '解决问题的效率', en: 'Problem-solving efficiency' },
      items: [
        {
          code: 'solve-1',
          text: {
            zh: '用手机遇到问题时，我能自己想办法解决。',
            en: 'When I run into a problem on the phone, I can find a way to solve it myself.',
          },
          reverse: false,
        },
        {
          code: 'solve-2',
          text: {
            zh: '我能自己在手机上预约挂号，不用到医院排队。',
            en: 'I can book a hospital appointment on my phone myself, without queueing at the hospital.',
          },
          reverse: false,
        },
        {
          code: 'solve-3',
          text: {
            zh: '出门扫码这些事，我能自己办，不用请人帮忙。',
            en: 'I can scan codes when going out by myself, without asking anyone for help.',
          },
          reverse: false,
        },
        {
          code: 'solve-4',
          text: {
            zh: '自己实在解决不了时，我知道该找谁、去哪里问。',
            en: 'When I really cannot solve something, I know whom to ask and where to go.',
          },
          reverse: false,
        },
        {
          code: 'solve-5',
          text: {
            zh: '手机一出问题，我就手忙脚乱，只能等别人来帮。',
            en: 'As soon as something goes wrong on the phone I am flustered and can only wait for someone to help.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'social-participation',
      title: { zh: '社会参与', en: 'Social participation' },
      items: [
        {
          code: 'social-1',
          text: {
            zh: '我用微信和朋友、邻居保持联系。',
            en: 'I keep in touch with friends and neighbours on WeChat.',
          },
          reverse: false,
        },
        {
          code: 'social-2',
          text: {
            zh: '我会在手机上加新朋友。',
            en: 'I can add new friends on my phone.',
          },
          reverse: false,
        },
        {
          code: 'social-3',
          text: {
            zh: '我会用手机和不在身边的亲友视频聊天。',
            en: 'I video-chat on my phone with relatives and friends who live far away.',
          },
          reverse: false,
        },
        {
          code: 'social-4',
          text: {
            zh: '我经常参加社区里的活动。',
            en: 'I often take part in community activities.',
          },
          reverse: false,
        },
        {
          code: 'social-5',
          text: {
            zh: '我平时大多待在家里，很少和别人来往。',
            en: 'I mostly stay at home and seldom see other people.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'well-being',
      title: { zh: '主观幸福感', en: 'Subjective well-being' },
      items: [
        {
          code: 'wellbeing-1',
          text: {
            zh: '总的来说，我对现在的生活感到满意。',
            en: 'On the whole I am satisfied with my life now.',
          },
          reverse: false,
        },
        {
          code: 'wellbeing-2',
          text: {
            zh: '我觉得自己还是一个有用的人。',
            en: 'I feel I am still a useful person.',
          },
          reverse: false,
        },
        {
          code: 'wellbeing-3',
          text: {
            zh: '大多数时候，我的心情是愉快的。',
            en: 'Most of the time I am in a good mood.',
          },
          reverse: false,
        },
        {
          code: 'wellbeing-4',
          text: {
            zh: '我常常觉得孤独。',
            en: 'I often feel lonely.',
          },
          reverse: true,
        },
        {
          code: 'wellbeing-5',
          text: {
            zh: '我觉得自己跟不上这个社会了。',
            en: 'I feel that I can no longer keep up with society.',
          },
          reverse: true,
        },
      ],
    },
  ],
  questions: [
    {
      code: 'living-arrangement',
      text: { zh: '您现在和谁一起住？', en: 'Whom do you live with now?' },
      multiple: false,
      options: [
        { code: 'alone', label: { zh: '独自居住', en: 'Alone' } },
        { code: 'with-partner', label: { zh: '和老伴一起住', en: 'With my partner' } },
        { code: 'with-children', label: { zh: '和子女一起住', en: 'With my children' } },
        { code: 'other', label: { zh: '其他', en: 'Other' } },
      ],
    },
    {
      code: 'learning-channels',
      text: {
        zh: '您是通过哪些方式学会用智能手机的？（可多选）',
        en: 'How did you learn to use a smartphone? (choose all that apply)',
      },
      multiple: true,
      options: [
        { code: 'self-study', label: { zh: '自己摸索', en: 'Self-study' } },
        { code: 'children', label: { zh: '子女教', en: 'Taught by my children' } },
        { code: 'relatives-friends', label: { zh: '亲戚朋友教', en: 'Taught by relatives or friends' } },
        { code: 'community', label: { zh: '社区教学', en: 'Community teaching' } },
        { code: 'senior-college', label: { zh: '老年大学', en: 'Senior college' } },
      ],
    },
  ],
};

/**
 * Seed 002: eight-session group work with elderly volunteers (KX community, Shenyang) to
 * raise their service capacity: basic service skills, unity and cooperation, communication,
 * and linking resources (the study found a skewed idea of volunteering, missing basic skills,
 * weak teamwork and a poor ability to link resources).
 */
const volunteerServiceCapacity: Definition = {
  code: 'volunteer-service-capacity',
  version: 1,
  title: { zh: '老年志愿者服务能力量表', en: "Elderly volunteers' service capacity scale" },
  scale: AGREEMENT_SCALE,
  dimensions: [
    {
      code: 'service-skills',
      title: { zh: '基本服务技能', en: 'Basic service skills' },
      items: [
        {
          code: 'skill-1',
          text: {
            zh: '我清楚志愿服务是什么，志愿者该做些什么。',
            en: 'I understand what volunteering is and what a volunteer should do.',
          },
          reverse: false,
        },
        {
          code: 'skill-2',
          text: {
            zh: '入户探访、陪伴聊天这些服务，我知道该怎么做。',
            en: 'I know how to carry out services such as home visits and keeping someone company.',
          },
          reverse: false,
        },
        {
          code: 'skill-3',
          text: {
            zh: '服务时要注意的安全和规矩，我心里有数。',
            en: 'I know the safety points and rules to follow when serving.',
          },
          reverse: false,
        },
        {
          code: 'skill-4',
          text: {
            zh: '分给我的服务任务，我能按要求做好。',
            en: 'I can carry out the service tasks given to me as required.',
          },
          reverse: false,
        },
        {
          code: 'skill-5',
          text: {
            zh: '去做服务时，我常常不知道该从哪儿下手。',
            en: 'When I go to serve, I often do not know where to begin.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'teamwork',
      title: { zh: '团结协作', en: 'Unity and cooperation' },
      items: [
        {
          code: 'team-1',
          text: {
            zh: '我能和其他志愿者分工合作，一起把事情做好。',
            en: 'I can share out the work with other volunteers and get things done together.',
          },
          reverse: false,
        },
        {
          code: 'team-2',
          text: {
            zh: '队里有困难时，我愿意主动搭把手。',
            en: 'When the team has a difficulty, I readily lend a hand.',
          },
          reverse: false,
        },
        {
          code: 'team-3',
          text: {
            zh: '我信得过队里的其他志愿者。',
            en: 'I trust the other volunteers in the team.',
          },
          reverse: false,
        },
        {
          code: 'team-4',
          text: {
            zh: '大家意见不一样时，我们能商量着解决。',
            en: 'When we disagree, we can talk it over and settle it.',
          },
          reverse: false,
        },
        {
          code: 'team-5',
          text: {
            zh: '我更愿意自己一个人干，不喜欢和别人配合。',
            en: 'I would rather work on my own; I do not like working with others.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'communication',
      title: { zh: '沟通交流', en: 'Communication' },
      items: [
        {
          code: 'comm-1',
          text: {
            zh: '服务对象说话时，我能耐心地听。',
            en: 'I listen patiently when the people I serve are talking.',
          },
          reverse: false,
        },
        {
          code: 'comm-2',
          text: {
            zh: '我能把自己的想法清楚地讲给别人听。',
            en: 'I can explain my ideas clearly to others.',
          },
          reverse: false,
        },
        {
          code: 'comm-3',
          text: {
            zh: '和不认识的老人打交道，我能很快让对方放下戒心。',
            en: 'With elders I do not know, I can quickly put them at ease.',
          },
          reverse: false,
        },
        {
          code: 'comm-4',
          text: {
            zh: '和不熟悉的人说话，我会紧张，不知道说什么好。',
            en: 'Talking to people I do not know makes me nervous and lost for words.',
          },
          reverse: true,
        },
      ],
    },
    {
      code: 'resource-linking',
      title: { zh: '链接资源', en: 'Linking resources' },
      items: [
        {
          code: 'link-1',
          text: {
            zh: '我知道社区里有哪些资源可以用（如社区服务中心、卫生站、社会组织）。',
            en: 'I know which resources the community has (the service centre, the clinic, social organisations).',
          },
          reverse: false,
        },
        {
          code: 'link-2',
          text: {
            zh: '服务对象有困难时，我知道可以找谁帮忙。',
            en: 'When someone I serve has a difficulty, I know whom to turn to.',
          },
          reverse: false,
        },
        {
          code: 'link-3',
          text: {
            zh: '我能为志愿活动争取到场地、物资或人手。',
            en: 'I can obtain a venue, materials or helpers for volunteer activities.',
          },
          reverse: false,
        },
        {
          code: 'link-4',
          text: {
            zh: '我能动员身边的亲友、邻居一起来做志愿服务。',
            en: 'I can get relatives, friends and neighbours to volunteer with me.',
          },
          reverse: false,
        },
        {
          code: 'link-5',
          text: {
            zh: '遇到自己办不了的事，我不知道该向谁求助。',
            en: 'When something is beyond me, I do not know whom to ask for help.',
          },
          reverse: true,
        },
      ],
    },
  ],
};

/**
 * The shipped instruments, validated when this module loads (a typo fails every test that
 * imports it) and frozen: definitions are never edited in place.
 */
export const SHIPPED_INSTRUMENTS: readonly InstrumentDefinition[] = Object.freeze(
  [empowermentSmartphone, internetAdaptation, volunteerServiceCapacity].map((definition) =>
    deepFreeze(parseInstrument(definition)),
  ),
);

const byKey = new Map(SHIPPED_INSTRUMENTS.map((i) => [instrumentKey(i.code, i.version), i]));
if (byKey.size !== SHIPPED_INSTRUMENTS.length)
  throw new Error('two shipped instruments share a code@version');

/** A shipped instrument by its `code@version` key. */
export function findShippedInstrument(key: string): InstrumentDefinition | undefined {
  return byKey.get(key);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
